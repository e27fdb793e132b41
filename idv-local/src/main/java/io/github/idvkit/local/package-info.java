/**
 * The offline provider of idv: real face detection (MediaPipe BlazeFace) and 128-d face
 * descriptors (dlib ResNet) on the CPU with ONNX Runtime, a persisted brute-force face index, and
 * file-system image and record stores, wired by {@link io.github.idvkit.local.LocalIdentityVerifier}.
 *
 * <p>The descriptor model dates from 2017: this provider suits development, tests, demos and
 * low-risk use, not high-assurance identity checks. Its thresholds are calibrated in {@link
 * io.github.idvkit.local.LocalSimilarity}.
 */
@NullMarked
package io.github.idvkit.local;

import org.jspecify.annotations.NullMarked;
