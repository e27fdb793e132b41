#!/usr/bin/env python3
"""Derives idv-local's non-face prototype: the mean dlib descriptor of detections on non-face images.

Input: the output of idv-local's DescriptorDump (label, file, score, 128 comma-separated values per
line), on standard input. Every line whose label is in --labels (default: nonface) counts. Output:
128 lines, one value each (models/dlib_nonface_prototype.txt).

The shipped prototype was made from 127 detections: every BlazeFace detection (score >= 0.3) in a
seeded half of 700 openclipart-png drawings outside people/ and animals/, plus coffee.png,
rocket.jpg, coins.png, logo.png and hubble_deep_field.jpg from python3-skimage; see the module README.
"""
import argparse
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labels", default="nonface", help="comma-separated labels to average")
    args = parser.parse_args()
    labels = set(args.labels.split(","))
    total = None
    n = 0
    for line in sys.stdin:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 4 or parts[0] not in labels:
            continue
        values = [float(v) for v in parts[3].strip(",").split(",")]
        total = values if total is None else [a + b for a, b in zip(total, values)]
        n += 1
    if n == 0:
        sys.exit("no descriptor with the given labels")
    for v in total:
        print("%.6f" % (v / n))
    print("averaged %d descriptors" % n, file=sys.stderr)


if __name__ == "__main__":
    main()
