package io.github.idvkit.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingFaceIndexTest {

  /** Every method of the port, its default methods included, reaches the delegate as itself. */
  @Test
  void everyFaceIndexMethod_reachesTheDelegate() throws Exception {
    List<Method> received = new ArrayList<>();
    FaceIndex delegate = (FaceIndex) Proxy.newProxyInstance(FaceIndex.class.getClassLoader(),
        new Class<?>[] {FaceIndex.class}, (proxy, method, args) -> {
          received.add(method);
          return defaultValue(method.getReturnType());
        });
    ForwardingFaceIndex forwarding = new ForwardingFaceIndex() {
      @Override
      protected FaceIndex delegate() {
        return delegate;
      }
    };

    for (Method method : FaceIndex.class.getMethods()) {
      received.clear();
      Object[] args = Arrays.stream(method.getParameterTypes()).map(ForwardingFaceIndexTest::defaultValue).toArray();
      method.invoke(forwarding, args);

      assertThat(received).as(method.getName()).containsExactly(method);
    }
  }

  private static Object defaultValue(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    return null;
  }
}
