package dev.rivulet.operators.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The nested step event writes the flat line the SQL tables, reports and chaos accounting read: the
 * expected strings are the lines the former 19-field record wrote for the same values.
 */
class LearnerStepEventTest {

    private static final LearnerStepEvent SPECIAL =
            new LearnerStepEvent(
                    new LearnerStepEvent.Id(5L, "b-1", 3L),
                    new LearnerStepEvent.Losses(
                            Double.NaN,
                            Double.POSITIVE_INFINITY,
                            Double.NEGATIVE_INFINITY,
                            0.1,
                            2.0),
                    new LearnerStepEvent.Batch(64, 900, 0.8, 0.5, 2L, 0.4),
                    new LearnerStepEvent.Progress(100L, 7L, 12L, true, 1234L, 0L));

    private static final LearnerStepEvent PLAIN =
            new LearnerStepEvent(
                    new LearnerStepEvent.Id(1700000000123L, "L0-v3-b4", 4L),
                    new LearnerStepEvent.Losses(0.25, 0.01, 0.9, 0.0, 1.5),
                    new LearnerStepEvent.Batch(4, 12, 0.75, 1.25, 3L, 0.5),
                    new LearnerStepEvent.Progress(0L, 0L, 100L, false, 8L));

    @Test
    void writesTheFlatLineOfTheFormerRecordPlusRejected() {
        assertThat(JsonLines.toJson(SPECIAL))
                .isEqualTo(
                        "{\"ts\":5,\"batch_id\":\"b-1\",\"policy_version\":3,\"loss\":\"NaN\","
                                + "\"kl\":\"Infinity\",\"entropy\":\"-Infinity\","
                                + "\"clip_fraction\":0.1,\"grad_norm\":2.0,\"samples\":64,"
                                + "\"tokens\":900,\"effective_gradient_ratio\":0.8,"
                                + "\"staleness_mean\":0.5,\"staleness_max\":2,\"reward_mean\":0.4,"
                                + "\"buffer_size\":100,\"dropped_stale\":7,\"train_millis\":12,"
                                + "\"duplicate\":true,\"received\":1234,\"rejected\":0}");
        assertThat(JsonLines.toJson(PLAIN))
                .isEqualTo(
                        "{\"ts\":1700000000123,\"batch_id\":\"L0-v3-b4\",\"policy_version\":4,"
                                + "\"loss\":0.25,\"kl\":0.01,\"entropy\":0.9,\"clip_fraction\":0.0,"
                                + "\"grad_norm\":1.5,\"samples\":4,\"tokens\":12,"
                                + "\"effective_gradient_ratio\":0.75,\"staleness_mean\":1.25,"
                                + "\"staleness_max\":3,\"reward_mean\":0.5,\"buffer_size\":0,"
                                + "\"dropped_stale\":0,\"train_millis\":100,\"duplicate\":false,"
                                + "\"received\":8,\"rejected\":0}");
    }

    @Test
    void readsTheFlatLineBack() {
        assertThat(JsonLines.fromJson(JsonLines.toJson(SPECIAL), LearnerStepEvent.class))
                .isEqualTo(SPECIAL);
        assertThat(JsonLines.fromJson(JsonLines.toJson(PLAIN), LearnerStepEvent.class))
                .isEqualTo(PLAIN);
    }

    @Test
    void flinkSeesAPojoOfPojosNotAGenericType() {
        TypeInformation<LearnerStepEvent> type = TypeInformation.of(LearnerStepEvent.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<LearnerStepEvent> pojo = (PojoTypeInfo<LearnerStepEvent>) type;
        assertThat(pojo.getArity()).isEqualTo(4);
        for (int i = 0; i < pojo.getArity(); i++) {
            assertThat(pojo.getTypeAt(i)).isInstanceOf(PojoTypeInfo.class);
        }
    }
}
