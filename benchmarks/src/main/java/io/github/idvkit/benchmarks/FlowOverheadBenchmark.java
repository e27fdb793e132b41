package io.github.idvkit.benchmarks;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.testkit.InMemoryIdentityVerifier;
import io.github.idvkit.testkit.TestFaces;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue item 4: the CPU cost of idv per flow, and its allocation (run with the GC profiler).
 *
 * <ul>
 *   <li>{@code inMemory*}: {@link InMemoryIdentityVerifier}, the testkit's fakes behind the real
 *       flows; the fakes decode each test PNG to read who is in it, which is most of the time.
 *   <li>{@code core*}: the same flows on {@link ReplayPorts}, ports that return fixed facts and do
 *       no work, so what remains is idv's own cost: building the image ({@code FaceImage.fromBytes}),
 *       normalising it, the gate, the decision, the result and the event.
 *   <li>{@code normalizeSelfie}: {@code FaceImage.fromBytes(..).normalize(..)} of the same selfie
 *       alone; {@code normalizeCameraSelfie}: of a 1080x1080 camera JPEG.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FlowOverheadBenchmark {

  private static final int USERS = 64;

  private InMemoryIdentityVerifier inMemory;
  private IdentityVerifier coreLogin;
  private IdentityVerifier coreLoginConcurrent;
  private IdentityVerifier coreRegister;
  private byte[][] loginSelfies;
  private byte[] cameraSelfie;
  private FaceImage cameraImage;
  private byte[][] freshSelfies;
  private byte[][] freshIds;
  private String[] registeredUsers;
  private String[] freshUsers;
  private int next;

  /** Registers the users who log in, and prepares the images of those who register. */
  @Setup(Level.Trial)
  public void setUp() {
    inMemory = InMemoryIdentityVerifier.create();
    loginSelfies = new byte[USERS][];
    freshSelfies = new byte[USERS][];
    freshIds = new byte[USERS][];
    registeredUsers = new String[USERS];
    freshUsers = new String[USERS];
    for (int i = 0; i < USERS; i++) {
      var known = TestFaces.subject("known-" + i);
      String user = "known-" + i + "@example.com";
      registeredUsers[i] = user;
      RegisterResult registered =
          inMemory.register(r -> r.userId(user).selfie(known.image(1)).idPhoto(known.image(0)));
      if (registered.decision() != RegisterDecision.REGISTERED) {
        throw new IllegalStateException("Set-up registration failed: " + registered.decision());
      }
      loginSelfies[i] = known.image(2).bytes();
      var fresh = TestFaces.subject("fresh-" + i);
      freshUsers[i] = "fresh-" + i + "@example.com";
      freshSelfies[i] = fresh.image(1).bytes();
      freshIds[i] = fresh.image(0).bytes();
    }
    cameraSelfie = PhonePhoto.make(loginSelfies[0], 1080, 1, 3, 0.9f, false);
    cameraImage = FaceImage.fromBytes(cameraSelfie);
    UserId known = UserId.of(registeredUsers[0]);
    FaceImage id = FaceImage.fromBytes(freshIds[0]); // compared only when registering
    FaceImage selfie = FaceImage.fromBytes(loginSelfies[0]);
    coreLogin = ReplayPorts.verifier(true, ExecutionMode.SEQUENTIAL, known, id, selfie);
    coreLoginConcurrent = ReplayPorts.verifier(true, ExecutionMode.CONCURRENT, known, id, selfie);
    coreRegister =
        ReplayPorts.verifier(false, ExecutionMode.SEQUENTIAL, UserId.of(freshUsers[0]), id,
            FaceImage.fromBytes(freshSelfies[0]));
    check(coreLogin.login(r -> r.userId(registeredUsers[0]).selfie(FaceImage.fromBytes(loginSelfies[0]))).decision()
        == LoginDecision.VERIFIED, "core login");
    check(coreRegister.register(r -> r.userId(freshUsers[0]).selfie(FaceImage.fromBytes(freshSelfies[0]))
        .idPhoto(FaceImage.fromBytes(freshIds[0]))).decision() == RegisterDecision.REGISTERED, "core register");
  }

  /** Closes the verifiers. */
  @TearDown(Level.Trial)
  public void tearDown() {
    inMemory.close();
    coreLogin.close();
    coreLoginConcurrent.close();
    coreRegister.close();
  }

  private int next() {
    int i = next;
    next = (i + 1) % USERS;
    return i;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what + " did not decide as expected");
    }
  }

  /**
   * A login on the in-memory verifier.
   *
   * @return the result
   */
  @Benchmark
  public LoginResult inMemoryLogin() {
    int i = next();
    return inMemory.login(r -> r.userId(registeredUsers[i]).selfie(FaceImage.fromBytes(loginSelfies[i])));
  }

  /**
   * A registration (with ID photo) and the forget that undoes it, on the in-memory verifier.
   *
   * @return the registration
   */
  @Benchmark
  public RegisterResult inMemoryRegisterAndForget() {
    int i = next();
    RegisterResult result =
        inMemory.register(r -> r.userId(freshUsers[i]).selfie(FaceImage.fromBytes(freshSelfies[i]))
            .idPhoto(FaceImage.fromBytes(freshIds[i])));
    inMemory.forget(result.userId());
    return result;
  }

  /**
   * A login on ports that do no work: idv's own cost.
   *
   * @return the result
   */
  @Benchmark
  public LoginResult coreLogin() {
    return coreLogin.login(r -> r.userId(registeredUsers[0]).selfie(FaceImage.fromBytes(loginSelfies[0])));
  }

  /**
   * The same in CONCURRENT mode: idv's own cost plus handing steps to its executor.
   *
   * @return the result
   */
  @Benchmark
  public LoginResult coreLoginConcurrent() {
    return coreLoginConcurrent.login(r -> r.userId(registeredUsers[0]).selfie(FaceImage.fromBytes(loginSelfies[0])));
  }

  /**
   * A registration with ID photo on ports that do no work: idv's own cost.
   *
   * @return the result
   */
  @Benchmark
  public RegisterResult coreRegister() {
    return coreRegister.register(r -> r.userId(freshUsers[0]).selfie(FaceImage.fromBytes(freshSelfies[0]))
        .idPhoto(FaceImage.fromBytes(freshIds[0])));
  }

  /**
   * Building and normalising the selfie alone (a 240x240 test PNG, which fits and passes through
   * after a verifying decode).
   *
   * @return the normalised image
   */
  @Benchmark
  public FaceImage normalizeSelfie() {
    return FaceImage.fromBytes(loginSelfies[0]).normalize(ImageLimits.rekognition());
  }

  /**
   * The same for a camera-sized selfie: a 1080x1080 JPEG without metadata (about 1.2 MP, 0.2 MB),
   * which fits and passes through; the time and allocation include {@code fromBytes}' defensive
   * copy of the input and its header walk.
   *
   * @return the normalised image
   */
  @Benchmark
  public FaceImage normalizeCameraSelfie() {
    return FaceImage.fromBytes(cameraSelfie).normalize(ImageLimits.rekognition());
  }

  /**
   * Issue 13's pass-through: {@code normalize(..)} alone of that compliant camera JPEG, already
   * read (target: at most 0.3 ms and 100 KB allocated).
   *
   * @return the normalised image
   */
  @Benchmark
  public FaceImage passThroughCameraSelfie() {
    return cameraImage.normalize(ImageLimits.rekognition());
  }
}
