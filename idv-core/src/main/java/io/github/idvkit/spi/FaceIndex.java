package io.github.idvkit.spi;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.UserId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A searchable collection of face templates, each belonging to one user (a Rekognition collection,
 * an embedding index). One instance serves one collection.
 *
 * <p>A wrapper (a {@link PortDecorator}'s) extends {@link ForwardingFaceIndex}, so that the
 * default methods below reach the wrapped index too.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Thread-safe.
 *   <li>{@link #describeCollection()} returns empty when the collection does not exist; every other
 *       operation on a missing collection throws {@link io.github.idvkit.ConfigurationException}.
 *   <li>{@link #createCollection()} is idempotent: on an existing collection it changes nothing and
 *       describes it.
 *   <li>{@link #index} stores the largest face of the image for the user; like Rekognition's
 *       {@code IndexFaces} it need not be idempotent (indexing an image again may store another
 *       face: core's registration intent makes sure one attempt indexes). A failed call may still
 *       have stored the face. An image without a
 *       face stores nothing and reports why.
 *   <li>{@link #search} reports each user at most once, with the similarity of that user's best
 *       face, highest first, at most {@code maxUsers}; it applies no threshold. A probe without a
 *       face yields no matches, never an exception.
 *   <li>{@link #associate} makes an indexed face count in {@link #search}; until then (on an index
 *       that keeps association apart) only {@link #searchFaces} and the listings see it. {@link
 *       #searchFaces} names every matched face.
 *   <li>{@link #searchReports()} and {@link #indexReports()} name the facts that {@link #search}
 *       and {@link #index} report for every face of the image ({@link SearchResult#probeFaces()},
 *       {@link IndexResult#probeFaces()}); without {@link FaceFact#EVERY_FACE} (the default is
 *       none) the call lists no complete set of faces, and core asks the {@link FaceDetector}.
 *   <li>{@link #consistency()} says when an indexed face becomes searchable: at once ({@link
 *       Consistency#READ_AFTER_WRITE}), or later ({@link Consistency#EVENTUAL}), in which case the
 *       contract test waits for it. Core keeps "one face, one user" under either.
 *   <li>Provider-side filters are facts, not decisions: {@link #index} and {@link #search} apply
 *       no quality filter of their own by default (core's quality gate decides). A provider
 *       configured with one (Rekognition's {@code QualityFilter}) reports a face it refused as not
 *       indexed, with the filter's reasons in {@link IndexResult#notIndexedReasons()}, so core
 *       still decides what to tell the user.
 *   <li>Faces the index did not write (a collection shared with other applications, or kept in
 *       another layout) are foreign: {@link #search}, {@link #listFaces} and {@link #listAllFaces}
 *       never report them as any user's, and {@link #deleteFaces} never deletes them.
 *   <li>{@link #listFaces} returns every face of the user, empty for an unknown user.
 *   <li>{@link #listAllFaces} returns every face of the collection that idv wrote, of every user,
 *       each once, in no particular order; empty for an empty collection. It pages through the
 *       provider lazily as the stream is read and is meant for maintenance (reconciliation), not
 *       for flows. Close the stream when done.
 *   <li>{@link #deleteFaces} is idempotent: it deletes the named faces of the user that exist and
 *       returns their ids; ids that do not exist, or belong to another user, are left alone.
 * </ul>
 */
public interface FaceIndex {

  /**
   * Describes the collection.
   *
   * @return the collection, or empty if it does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  Optional<CollectionInfo> describeCollection();

  /**
   * Creates the collection if it does not exist.
   *
   * @return the collection
   * @throws io.github.idvkit.ConfigurationException if access is denied
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  CollectionInfo createCollection();

  /**
   * Deletes the collection and every face in it.
   *
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  boolean deleteCollection();

  /**
   * Indexes the largest face of {@code image} for {@code user}.
   *
   * @param user the face's owner
   * @param image a normalised image
   * @return the indexed face, or why none was indexed
   * @throws io.github.idvkit.InvalidImageException if the provider cannot read the image
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  IndexResult index(UserId user, FaceImage image);

  /**
   * Searches the collection for the users whose faces are most like the probe's largest face.
   *
   * @param probe a normalised image
   * @param maxUsers the most users to report, at least 1
   * @return the matches, one per user, highest first, with what the provider saw in the probe
   * @throws IllegalArgumentException if {@code maxUsers} is less than 1
   * @throws io.github.idvkit.InvalidImageException if the provider cannot read the image
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  SearchResult search(FaceImage probe, int maxUsers);

  /**
   * Lists a user's faces.
   *
   * @param user the user
   * @return the user's faces, empty if none
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  List<IndexedFace> listFaces(UserId user);

  /**
   * Lists every face of the collection, of every user.
   *
   * @return idv's faces, each once, in no particular order, read lazily; empty if none
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  Stream<IndexedFace> listAllFaces();

  /**
   * Says when a face that {@link #index} stored becomes searchable.
   *
   * @return {@link Consistency#READ_AFTER_WRITE} or {@link Consistency#EVENTUAL}
   */
  Consistency consistency();

  /**
   * Makes a face that {@link #index} stored count as the user's in {@link #search}, where the
   * index keeps that as a separate step (Rekognition's Users API: {@code CreateUser} and {@code
   * AssociateFaces}). Registration calls it alongside its duplicate search, before it commits.
   * Idempotent; the default does nothing, for indexes whose {@link #index} does it all. An index
   * keeps association apart exactly when its {@link #search} is user-level ({@link
   * #searchNamesFaces()} {@code false}); elsewhere this does nothing and costs nothing.
   *
   * @param user the face's owner
   * @param faceId a face {@link #index} stored for {@code user}
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  default void associate(UserId user, FaceId faceId) {}

  /**
   * Makes ready what {@link #associate} needs for the user (Rekognition's Users API: {@code
   * CreateUser}), so that registration can do it alongside {@link #index} and the association
   * after it is one call. What it creates holds no face until {@link #associate}; {@link
   * #release} removes it again. Idempotent; the default does nothing. {@link #associate} works
   * without it.
   *
   * @param user the user about to be registered
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  default void prepare(UserId user) {}

  /**
   * Removes what {@link #prepare} made for a user who holds no face (an empty Rekognition user,
   * whose id can carry an e-mail address); a user with a face is left alone. Registration calls it
   * when an attempt that prepared does not commit for a user with no record. Idempotent; the
   * default does nothing.
   *
   * @param user the user whose registration did not commit
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  default void release(UserId user) {}

  /**
   * Searches like {@link #search}, but every match names its face ({@link FaceMatch#faceId()})
   * and faces count as soon as {@link #index} stored them, associated or not. Registration's
   * duplicate check uses it: it must see faces of registrations still in flight, and its own
   * face, by id. The default is {@link #search}, for indexes whose search names faces already.
   *
   * @param probe a normalised image
   * @param maxUsers the most users to report, at least 1
   * @return the matches, one per user, highest first
   * @throws IllegalArgumentException if {@code maxUsers} is less than 1
   * @throws io.github.idvkit.InvalidImageException if the provider cannot read the image
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  default SearchResult searchFaces(FaceImage probe, int maxUsers) {
    return search(probe, maxUsers);
  }

  /**
   * Says whether {@link #search} names the matched face of each user ({@link FaceMatch#faceId()}),
   * or only the user (a user-level search such as Rekognition's {@code SearchUsersByImage}). For a
   * user-level search a login lists the claimed user's faces alongside the search, to check that
   * every one is recorded.
   *
   * @return {@code true} (the default) if matches name their face
   */
  default boolean searchNamesFaces() {
    return true;
  }

  /**
   * Names the facts {@link #search} reports for every face of the probe, in a complete {@link
   * SearchResult#probeFaces()}. When they cover what the login gate checks, a login is gated on the
   * search's own report and costs no detection call.
   *
   * @return the facts; none by default
   */
  default Set<FaceFact> searchReports() {
    return Set.of();
  }

  /**
   * Names the facts {@link #index} reports for every face of the image, in a complete {@link
   * IndexResult#probeFaces()}. When they cover what the registration gate checks, registration
   * gates the selfie on the index's own report (and removes the face if the gate refuses it)
   * instead of asking a detector first.
   *
   * @return the facts; none by default
   */
  default Set<FaceFact> indexReports() {
    return Set.of();
  }

  /**
   * Deletes faces of a user.
   *
   * @param user the faces' owner
   * @param faceIds the faces to delete
   * @return the ids of the faces that existed and were deleted
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds);
}
