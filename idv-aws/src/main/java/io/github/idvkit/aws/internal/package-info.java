/**
 * Not API: AWS error translation, the DynamoDB item bean and the Rekognition mapping of idv-aws.
 * May change in any release.
 */
@NullMarked
package io.github.idvkit.aws.internal;

import org.jspecify.annotations.NullMarked;
