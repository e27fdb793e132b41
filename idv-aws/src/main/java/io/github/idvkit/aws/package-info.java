/**
 * idv's provider ports on AWS: {@link io.github.idvkit.aws.RekognitionFaceDetector}, {@link
 * io.github.idvkit.aws.RekognitionFaceComparer}, {@link io.github.idvkit.aws.RekognitionFaceIndex},
 * {@link io.github.idvkit.aws.S3ImageStore} and {@link io.github.idvkit.aws.DynamoDbFaceRecordStore},
 * wired together by {@link io.github.idvkit.aws.AwsIdentityVerifier}.
 *
 * <p>Every provider takes AWS SDK clients only as builder inputs and never returns an AWS type.
 * Every AWS error is translated once into the {@link io.github.idvkit.IdvException} family, with
 * the AWS exception kept as the cause and the AWS request id in {@link
 * io.github.idvkit.ProviderException#requestId()}. Retries are the SDK's own: configure them on the
 * clients. A provider closes the clients it created, never the ones it was given.
 */
@ImmutablesStyle
@NullMarked
package io.github.idvkit.aws;

import org.jspecify.annotations.NullMarked;
