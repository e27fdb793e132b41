package io.github.idvkit;

/**
 * Where an image comes from: bytes the caller holds ({@link FaceImage}) or an object already in
 * storage ({@link StoredImage}), such as an ID photo kept in S3. Providers that can read a stored
 * object themselves (Rekognition reads S3) do so without the bytes passing through the caller.
 */
public sealed interface ImageSource permits FaceImage, StoredImage {}
