package io.github.idvkit.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations idv makes, their names and their tags.
 *
 * <p>Every tag is low-cardinality: a flow, a provider name, a port, an operation, a decision or
 * reason code, a model version. No user id, face id, image, image key or score is ever a tag; the
 * score stays in the flow's result and in the {@link io.github.idvkit.DecisionEvent audit event}.
 */
public enum IdvObservationDocumentation implements ObservationDocumentation {

  /** One observation per flow: {@code idv.flow}, contextual name {@code "idv login"}. */
  FLOW {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>>
        getDefaultConvention() {
      return DefaultFlowObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return FlowKeys.values();
    }
  },

  /**
   * One observation per provider call: {@code idv.provider.call}, contextual name {@code
   * "face_index search"}. Made inside the flow's observation, so tracers see it as a child span.
   */
  PROVIDER_CALL {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>>
        getDefaultConvention() {
      return DefaultProviderCallObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return ProviderCallKeys.values();
    }
  };

  /** The name of the counter of billed provider calls, tagged {@code provider} and {@code operation}. */
  public static final String BILLED_CALLS = "idv.provider.billed.calls";

  /** Tags of {@link #FLOW}. */
  public enum FlowKeys implements KeyName {
    /** {@code register}, {@code login}, {@code identify} or {@code forget}. */
    FLOW {
      @Override
      public String asString() {
        return "flow";
      }
    },
    /** The provider's name ({@code local}, {@code aws}, {@code memory}), as configured. */
    PROVIDER {
      @Override
      public String asString() {
        return "provider";
      }
    },
    /**
     * The decision code ({@code VERIFIED}, {@code NOT_MATCHED}, {@code FORGOTTEN}, ...), or {@code
     * ERROR} when the flow threw.
     */
    DECISION {
      @Override
      public String asString() {
        return "decision";
      }
    },
    /**
     * The first quality issue of the decision ({@code TOO_DARK}, {@code POSE}, ...) or {@code none}:
     * the reason a person at the camera can act on.
     */
    REASON {
      @Override
      public String asString() {
        return "reason";
      }
    },
    /** The face model version the provider reported during the flow, or {@code unknown}. */
    MODEL {
      @Override
      public String asString() {
        return "model";
      }
    }
  }

  /** Tags of {@link #PROVIDER_CALL}. */
  public enum ProviderCallKeys implements KeyName {
    /** The provider's name ({@code local}, {@code aws}, {@code memory}), as configured. */
    PROVIDER {
      @Override
      public String asString() {
        return "provider";
      }
    },
    /**
     * The port: {@code face_detector}, {@code face_comparer}, {@code face_index}, {@code
     * image_store} or {@code face_record_store}.
     */
    PORT {
      @Override
      public String asString() {
        return "port";
      }
    },
    /** The port's method: {@code detect}, {@code compare}, {@code search}, {@code put}, ... */
    OPERATION {
      @Override
      public String asString() {
        return "operation";
      }
    },
    /** Whether the provider bills this call ({@code true}/{@code false}). */
    BILLED {
      @Override
      public String asString() {
        return "billed";
      }
    },
    /** The face model version the call's result reported, or {@code unknown}. */
    MODEL {
      @Override
      public String asString() {
        return "model";
      }
    },
    /** {@code success} or {@code error}. */
    OUTCOME {
      @Override
      public String asString() {
        return "outcome";
      }
    }
  }
}
