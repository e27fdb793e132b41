'use strict';
// The idv web demo: captures a selfie from the camera (or a file), sends it with the per-session
// token to the same origin, and shows the decision, the reasons, the score and the face box.
(() => {
  const $ = (id) => document.getElementById(id);
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const video = $('video');
  const shot = $('shot');
  let selfieFromFile = null;   // a data URL when the person chose a file instead of the camera
  let idPhoto = null;          // a data URL
  const MAX_BYTES = 5 * 1024 * 1024;

  async function startCamera() {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
      video.srcObject = stream;
      await video.play();
      $('cameraHint').hidden = true;
      document.body.dataset.camera = 'ready';
    } catch (e) {
      $('cameraHint').textContent = 'No camera: choose a photo below.';
      document.body.dataset.camera = 'none';
    }
  }

  function readFile(input, maxBytes) {
    return new Promise((resolve, reject) => {
      const file = input.files[0];
      if (!file) { resolve(null); return; }
      if (file.size > maxBytes) { reject(new Error('Images up to 5 MB, please')); return; }
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  function drawImage(source, w, h) {
    const scale = Math.min(shot.width / w, shot.height / h);
    const dw = w * scale, dh = h * scale;
    const dx = (shot.width - dw) / 2, dy = (shot.height - dh) / 2;
    const ctx = shot.getContext('2d');
    ctx.fillStyle = '#0f172a';
    ctx.fillRect(0, 0, shot.width, shot.height);
    ctx.drawImage(source, dx, dy, dw, dh);
    shot.dataset.frame = JSON.stringify({ dx, dy, dw, dh });
  }

  function clearShot(text) {
    const ctx = shot.getContext('2d');
    ctx.fillStyle = '#0f172a';
    ctx.fillRect(0, 0, shot.width, shot.height);
    ctx.fillStyle = '#94a3b8';
    ctx.font = '16px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(text, shot.width / 2, shot.height / 2);
    delete shot.dataset.frame;
  }

  function drawBox(box, ok) {
    if (!box || !shot.dataset.frame) return;
    const f = JSON.parse(shot.dataset.frame);
    const ctx = shot.getContext('2d');
    ctx.strokeStyle = ok ? '#22c55e' : '#f97316';
    ctx.lineWidth = 3;
    ctx.strokeRect(f.dx + box.left * f.dw, f.dy + box.top * f.dh, box.width * f.dw, box.height * f.dh);
  }

  async function takeSelfie() {
    if (selfieFromFile) {
      const img = new Image();
      img.src = selfieFromFile;
      await img.decode();
      drawImage(img, img.naturalWidth, img.naturalHeight);
      return selfieFromFile;
    }
    if (document.body.dataset.camera !== 'ready') throw new Error('No camera: choose a photo instead');
    const c = document.createElement('canvas');
    c.width = video.videoWidth; c.height = video.videoHeight;
    c.getContext('2d').drawImage(video, 0, 0);
    drawImage(c, c.width, c.height);
    return c.toDataURL('image/jpeg', 0.92);
  }

  const GOOD = new Set(['REGISTERED', 'VERIFIED', 'IDENTIFIED', 'FORGOTTEN']);
  const WARN = new Set(['LOW_QUALITY', 'NO_FACE', 'MULTIPLE_FACES', 'NOTHING_TO_FORGET', 'ID_PHOTO_NO_FACE']);

  function show(res, action) {
    const result = $('result');
    const kind = res.error ? 'bad' : GOOD.has(res.decision) ? 'good' : WARN.has(res.decision) ? 'warn' : 'bad';
    result.className = 'result ' + kind;
    $('decision').textContent = res.error ? 'Error' : res.decision.replaceAll('_', ' ');
    let message = res.error || res.message;
    if (res.user) message += ' You are ' + res.user + '.';
    if (res.erased) message += ' Erased ' + res.erased + '.';
    $('message').textContent = message;
    const reasons = $('reasons');
    reasons.replaceChildren(...(res.reasons || []).map((r) => {
      const li = document.createElement('li');
      li.textContent = r.text;
      li.dataset.code = r.code;
      return li;
    }));
    const score = $('score');
    if (res.score) {
      const s = res.score;
      const pass = s.higherPasses ? s.value >= s.threshold : s.value < s.threshold;
      score.hidden = false;
      $('scoreLabel').textContent = s.label;
      $('scoreText').textContent = s.value.toFixed(2) + (s.value >= s.threshold ? ' ≥ ' : ' < ') + 'threshold ' + s.threshold.toFixed(2);
      $('scoreFill').style.width = Math.round(Math.max(0, Math.min(1, s.value)) * 100) + '%';
      $('scoreFill').className = 'fill ' + (pass ? 'pass' : 'fail');
      $('scoreMark').style.left = Math.round(s.threshold * 100) + '%';
    } else {
      score.hidden = true;
    }
    drawBox(res.box, kind === 'good');
    document.body.dataset.lastAction = action;
    document.body.dataset.lastDecision = res.error ? 'ERROR' : res.decision;
    document.body.dataset.busy = 'false';
  }

  async function run(action) {
    document.body.dataset.busy = 'true';
    document.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      const form = new URLSearchParams();
      form.set('userId', $('userId').value);
      if (action === 'forget') clearShot('No picture needed to forget');
      else form.set('selfie', await takeSelfie());
      if (action === 'register' && idPhoto) form.set('idPhoto', idPhoto);
      const response = await fetch('/api/' + action, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': token },
        body: form,
        credentials: 'same-origin',
      });
      show(await response.json(), action);
    } catch (e) {
      show({ error: e.message }, action);
    } finally {
      document.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    }
  }

  for (const action of ['register', 'login', 'identify', 'forget']) {
    $(action).addEventListener('click', () => run(action));
  }
  $('idPhoto').addEventListener('change', async () => {
    try {
      idPhoto = await readFile($('idPhoto'), MAX_BYTES);
      $('idPreview').src = idPhoto;
      $('idPreview').hidden = !idPhoto;
      document.body.dataset.idPhoto = idPhoto ? 'loaded' : 'none';
    } catch (e) { show({ error: e.message }, 'upload'); }
  });
  $('selfieFile').addEventListener('change', async () => {
    try {
      selfieFromFile = await readFile($('selfieFile'), MAX_BYTES);
      document.body.dataset.selfieSource = selfieFromFile ? 'file' : 'camera';
    } catch (e) { show({ error: e.message }, 'upload'); }
  });
  startCamera();
})();
