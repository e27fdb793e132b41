package io.github.idvkit.micrometer;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageSource;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.ForwardingFaceIndex;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.spi.RegistrationIntent;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.PortDecorator;
import io.github.idvkit.spi.SearchResult;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Wraps the five ports so that each call makes one {@code idv.provider.call} observation. */
final class ObservedPorts implements PortDecorator {

  private static final ProviderCallObservationConvention DEFAULT =
      new DefaultProviderCallObservationConvention();

  private final ObservationRegistry registry;
  private final String provider;
  private final Set<String> billed;
  private final @Nullable ProviderCallObservationConvention convention;

  ObservedPorts(
      ObservationRegistry registry,
      String provider,
      Set<String> billed,
      @Nullable ProviderCallObservationConvention convention) {
    this.registry = registry;
    this.provider = provider;
    this.billed = billed;
    this.convention = convention;
  }

  @Override
  public FaceDetector faceDetector(FaceDetector faceDetector) {
    return new Detector(faceDetector);
  }

  @Override
  public FaceComparer faceComparer(FaceComparer faceComparer) {
    return new Comparer(faceComparer);
  }

  @Override
  public FaceIndex faceIndex(FaceIndex faceIndex) {
    return new Index(faceIndex);
  }

  @Override
  public ImageStore imageStore(ImageStore imageStore) {
    return new Images(imageStore);
  }

  @Override
  public FaceRecordStore faceRecordStore(FaceRecordStore faceRecordStore) {
    return new Records(faceRecordStore);
  }

  private <T> T call(String port, String operation, Supplier<T> call) {
    return call(port, operation, call, result -> Optional.empty());
  }

  private <T> T call(
      String port, String operation, Supplier<T> call, Function<T, Optional<String>> model) {
    ProviderCallContext context =
        new ProviderCallContext(provider, port, operation, billed.contains(port + "." + operation));
    Observation observation =
        IdvObservationDocumentation.PROVIDER_CALL.observation(
            convention, DEFAULT, () -> context, registry);
    return observation.observe(
        () -> {
          T result = call.get();
          model.apply(result).ifPresent(version -> reportModel(context, version));
          return result;
        });
  }

  /** Tags the call with the model version and hands it to the flow that made the call. */
  private static void reportModel(ProviderCallContext context, String version) {
    context.modelVersion(version);
    ObservationView parent = context.getParentObservation();
    while (parent != null) {
      if (parent.getContextView() instanceof FlowContext flow) {
        flow.modelVersion(version);
        return;
      }
      parent = parent.getContextView().getParentObservation();
    }
  }

  private final class Detector implements FaceDetector {
    private final FaceDetector delegate;

    Detector(FaceDetector delegate) {
      this.delegate = delegate;
    }

    @Override
    public DetectionResult detect(FaceImage image) {
      return call("face_detector", "detect", () -> delegate.detect(image),
          DetectionResult::modelVersion);
    }

    @Override
    public String toString() {
      return "Observed[" + delegate + "]";
    }
  }

  private final class Comparer implements FaceComparer {
    private final FaceComparer delegate;

    Comparer(FaceComparer delegate) {
      this.delegate = delegate;
    }

    @Override
    public Comparison compare(ImageSource source, FaceImage target) {
      return call("face_comparer", "compare", () -> delegate.compare(source, target));
    }

    @Override
    public String toString() {
      return "Observed[" + delegate + "]";
    }
  }

  /** Observes every provider call of the index; forwards the rest (default methods included). */
  private final class Index extends ForwardingFaceIndex {
    private final FaceIndex delegate;

    Index(FaceIndex delegate) {
      this.delegate = delegate;
    }

    @Override
    protected FaceIndex delegate() {
      return delegate;
    }

    @Override
    public Optional<CollectionInfo> describeCollection() {
      return call("face_index", "describe_collection", delegate::describeCollection,
          info -> info.flatMap(CollectionInfo::modelVersion));
    }

    @Override
    public CollectionInfo createCollection() {
      return call("face_index", "create_collection", delegate::createCollection,
          CollectionInfo::modelVersion);
    }

    @Override
    public boolean deleteCollection() {
      return call("face_index", "delete_collection", delegate::deleteCollection);
    }

    @Override
    public IndexResult index(UserId user, FaceImage image) {
      return call("face_index", "index", () -> delegate.index(user, image),
          result -> result.indexed().flatMap(IndexedFace::modelVersion));
    }

    @Override
    public SearchResult search(FaceImage probe, int maxUsers) {
      return call("face_index", "search", () -> delegate.search(probe, maxUsers),
          SearchResult::modelVersion);
    }

    @Override
    public SearchResult searchFaces(FaceImage probe, int maxUsers) {
      return call("face_index", "search_faces", () -> delegate.searchFaces(probe, maxUsers),
          SearchResult::modelVersion);
    }

    @Override
    public void associate(UserId user, FaceId faceId) {
      if (delegate.searchNamesFaces()) { // no separate association: nothing is called
        delegate.associate(user, faceId);
        return;
      }
      call("face_index", "associate", () -> {
        delegate.associate(user, faceId);
        return null;
      });
    }

    @Override
    public List<IndexedFace> listFaces(UserId user) {
      return call("face_index", "list_faces", () -> delegate.listFaces(user));
    }

    @Override
    public Stream<IndexedFace> listAllFaces() {
      return call("face_index", "list_all_faces", delegate::listAllFaces);
    }

    @Override
    public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
      return call("face_index", "delete_faces", () -> delegate.deleteFaces(user, faceIds));
    }

    @Override
    public String toString() {
      return "Observed[" + delegate + "]";
    }
  }

  private final class Images implements ImageStore {
    private final ImageStore delegate;

    Images(ImageStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public StoredImage put(UserId user, FaceId faceId, FaceImage image) {
      return call("image_store", "put", () -> delegate.put(user, faceId, image));
    }

    @Override
    public Optional<FaceImage> get(StoredImage image) {
      return call("image_store", "get", () -> delegate.get(image));
    }

    @Override
    public boolean delete(StoredImage image) {
      return call("image_store", "delete", () -> delegate.delete(image));
    }

    @Override
    public List<StoredImage> list(UserId user) {
      return call("image_store", "list", () -> delegate.list(user));
    }

    @Override
    public Stream<StoredImage> listAll() {
      return call("image_store", "list_all", delegate::listAll);
    }

    @Override
    public String toString() {
      return "Observed[" + delegate + "]";
    }
  }

  private final class Records implements FaceRecordStore {
    private final FaceRecordStore delegate;

    Records(FaceRecordStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean create(FaceRecord record) {
      return call("face_record_store", "create", () -> delegate.create(record));
    }

    @Override
    public List<FaceRecord> findByUser(UserId user) {
      return call("face_record_store", "find_by_user", () -> delegate.findByUser(user));
    }

    @Override
    public Optional<FaceRecord> findByFace(FaceId faceId) {
      return call("face_record_store", "find_by_face", () -> delegate.findByFace(faceId));
    }

    @Override
    public Stream<FaceRecord> findAll() {
      return call("face_record_store", "find_all", delegate::findAll);
    }

    @Override
    public boolean createIntent(RegistrationIntent intent) {
      return call("face_record_store", "create_intent", () -> delegate.createIntent(intent));
    }

    @Override
    public boolean replaceIntent(String attemptId, RegistrationIntent intent) {
      return call("face_record_store", "replace_intent", () -> delegate.replaceIntent(attemptId, intent));
    }

    @Override
    public Optional<RegistrationIntent> findIntent(UserId user) {
      return call("face_record_store", "find_intent", () -> delegate.findIntent(user));
    }

    @Override
    public boolean deleteIntent(UserId user, String attemptId) {
      return call("face_record_store", "delete_intent", () -> delegate.deleteIntent(user, attemptId));
    }

    @Override
    public Stream<RegistrationIntent> findIntents() {
      return call("face_record_store", "find_intents", delegate::findIntents);
    }

    @Override
    public boolean delete(UserId user, FaceId faceId) {
      return call("face_record_store", "delete", () -> delegate.delete(user, faceId));
    }

    @Override
    public String toString() {
      return "Observed[" + delegate + "]";
    }
  }
}
