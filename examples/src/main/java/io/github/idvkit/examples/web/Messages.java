package io.github.idvkit.examples.web;

import io.github.idvkit.QualityIssue;

/** What the page tells a person: decisions and quality issues in words they can act on. */
final class Messages {

  private Messages() {}

  static String issue(QualityIssue issue) {
    return switch (issue) {
      case NO_FACE -> "No face found: look at the camera";
      case MULTIPLE_FACES -> "More than one face: only you in the picture, please";
      case LOW_CONFIDENCE -> "Face unclear: face the camera in good light";
      case TOO_DARK -> "Too dark: turn towards a light";
      case TOO_BRIGHT -> "Too bright: move out of direct light";
      case BLURRY -> "Blurry: hold still for a moment";
      case POSE -> "Look straight at the camera";
      case EYES_CLOSED -> "Keep your eyes open";
      case SUNGLASSES -> "Take off your sunglasses";
      case OCCLUDED -> "Uncover your face (hair, hand, mask)";
      case FACE_TOO_SMALL -> "Move closer to the camera";
      case NOT_MEASURED -> "Some checks could not be measured";
      case LOW_QUALITY -> "Photo quality too low: hold still in good light";
      case OTHER_PROVIDER_REASON -> "The face was refused: please try another photo";
    };
  }

  static String decision(String decision) {
    return switch (decision) {
      case "REGISTERED" -> "Registered. You can log in with your face now.";
      case "FACE_ALREADY_REGISTERED" -> "This face is already registered to an account.";
      case "DUPLICATE_SUSPECTED" -> "This face resembles a registered account's; a person will review it.";
      case "USER_ALREADY_REGISTERED" -> "This account is registered already.";
      case "REGISTRATION_IN_PROGRESS" -> "This account is being registered right now; try again in a moment.";
      case "ID_PHOTO_MULTIPLE_FACES" -> "The ID photo shows more than one face.";
      case "ID_NOT_MATCHED" -> "The selfie does not match the ID photo.";
      case "USER_NOT_MATCHED" -> "The selfie does not match this account's face.";
      case "ID_PHOTO_NO_FACE" -> "No face found on the ID photo.";
      case "VERIFIED" -> "Verified: welcome back.";
      case "NOT_MATCHED" -> "This face does not match the account.";
      case "NOT_REGISTERED" -> "No face is registered for this account.";
      case "IDENTIFIED" -> "Recognised.";
      case "NOT_RECOGNIZED" -> "Not recognised.";
      case "NO_FACE" -> "No face found.";
      case "MULTIPLE_FACES" -> "More than one face in the picture.";
      case "LOW_QUALITY" -> "The picture is not good enough yet.";
      case "FORGOTTEN" -> "Forgotten: every face, image and record of the account is erased.";
      case "NOTHING_TO_FORGET" -> "Nothing stored for this account.";
      default -> decision;
    };
  }
}
