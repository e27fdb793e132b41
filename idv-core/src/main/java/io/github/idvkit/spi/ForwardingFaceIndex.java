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
 * A {@link FaceIndex} that forwards every method, the default ones included, to {@link
 * #delegate()}: the base for a {@link PortDecorator}'s wrapper, which overrides only what it
 * observes or adapts. A wrapper that implements {@link FaceIndex} directly silently replaces the
 * provider's answer to every default method it does not override with the interface's default (a
 * Rekognition index would then never associate a face with its user, and no login would match);
 * this class is kept complete by a test, so a method added to {@link FaceIndex} reaches the
 * provider through every wrapper built on it.
 */
public abstract class ForwardingFaceIndex implements FaceIndex {

  /** For subclasses. */
  protected ForwardingFaceIndex() {}

  /**
   * The index every call goes to.
   *
   * @return the wrapped index
   */
  protected abstract FaceIndex delegate();

  @Override
  public Optional<CollectionInfo> describeCollection() {
    return delegate().describeCollection();
  }

  @Override
  public CollectionInfo createCollection() {
    return delegate().createCollection();
  }

  @Override
  public boolean deleteCollection() {
    return delegate().deleteCollection();
  }

  @Override
  public IndexResult index(UserId user, FaceImage image) {
    return delegate().index(user, image);
  }

  @Override
  public SearchResult search(FaceImage probe, int maxUsers) {
    return delegate().search(probe, maxUsers);
  }

  @Override
  public List<IndexedFace> listFaces(UserId user) {
    return delegate().listFaces(user);
  }

  @Override
  public Stream<IndexedFace> listAllFaces() {
    return delegate().listAllFaces();
  }

  @Override
  public Consistency consistency() {
    return delegate().consistency();
  }

  @Override
  public void associate(UserId user, FaceId faceId) {
    delegate().associate(user, faceId);
  }

  @Override
  public void prepare(UserId user) {
    delegate().prepare(user);
  }

  @Override
  public void release(UserId user) {
    delegate().release(user);
  }

  @Override
  public SearchResult searchFaces(FaceImage probe, int maxUsers) {
    return delegate().searchFaces(probe, maxUsers);
  }

  @Override
  public boolean searchNamesFaces() {
    return delegate().searchNamesFaces();
  }

  @Override
  public Set<FaceFact> searchReports() {
    return delegate().searchReports();
  }

  @Override
  public Set<FaceFact> indexReports() {
    return delegate().indexReports();
  }

  @Override
  public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
    return delegate().deleteFaces(user, faceIds);
  }

  @Override
  public String toString() {
    return delegate().toString();
  }
}
