// Computes face descriptors with face-api.js itself, the reference our ONNX conversion must match.
//
// Usage: node faceapi_reference.mjs PACKAGE_DIR CHIP.ppm
//   PACKAGE_DIR  the unpacked npm package @vladmandic/face-api@1.7.15 (the folder holding dist/ and model/)
//   CHIP.ppm     a 150x150 binary RGB PPM (P6), an aligned face chip
// Prints the 128 descriptor values, one per line, as face-api.js computes them on tfjs's CPU backend.
//
// The package's ESM bundle is meant for browsers: its Node platform shim calls a stubbed `util`
// module. We patch that one call to use Node's real `util` in a temporary copy; nothing else changes.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, chipPath] = process.argv.slice(2);
if (!packageDir || !chipPath) {
  console.error('usage: node faceapi_reference.mjs PACKAGE_DIR CHIP.ppm');
  process.exit(2);
}

globalThis.require = createRequire(import.meta.url);
const bundle = fs.readFileSync(path.join(packageDir, 'dist', 'face-api.esm.js'), 'utf8');
const patched = bundle.replace('this.util=AR(),', 'this.util=globalThis.require("util"),');
if (patched === bundle) {
  console.error('the face-api bundle changed; this script targets @vladmandic/face-api@1.7.15');
  process.exit(1);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faceapi-ref-'));
const patchedPath = path.join(tmp, 'face-api.mjs');
fs.writeFileSync(patchedPath, patched);
const faceapi = await import(pathToFileURL(patchedPath).href);
fs.rmSync(tmp, { recursive: true, force: true });

const tf = faceapi.tf;
await tf.setBackend('cpu');
await tf.ready();

const modelDir = path.join(packageDir, 'model');
const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'face_recognition_model-weights_manifest.json'), 'utf8'));
const bin = fs.readFileSync(path.join(modelDir, 'face_recognition_model.bin'));
const weights = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), manifest[0].weights);
faceapi.nets.faceRecognitionNet.loadFromWeightMap(weights);

const ppm = fs.readFileSync(chipPath);
const header = ppm.subarray(0, 20).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
if (!header || header[1] !== '150' || header[2] !== '150') {
  console.error('expected a 150x150 binary PPM (P6, maxval 255)');
  process.exit(1);
}
const pixels = ppm.subarray(header[0].length, header[0].length + 150 * 150 * 3);
const input = tf.tensor4d(Float32Array.from(pixels), [1, 150, 150, 3]);
const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(input);
console.log(Array.from(descriptor).map((v) => v.toPrecision(9)).join('\n'));
