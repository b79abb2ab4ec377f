package dev.shoal.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticImagesTest {

    @Test
    void writesFourIdxFilesTheFashionMnistReaderAccepts(@TempDir Path dir) throws IOException {
        SyntheticImages.write(dir, 300, 100, 7);
        assertThat(FashionMnist.isPresent(dir)).isTrue();
        FashionMnist.Split train = FashionMnist.train(dir);
        FashionMnist.Split test = FashionMnist.test(dir);
        assertThat(train.images().count()).isEqualTo(300);
        assertThat(test.images().count()).isEqualTo(100);
        assertThat(train.images().imageSize()).isEqualTo(784);
        assertThat(Arrays.stream(train.labels()).distinct().count()).isEqualTo(10);
    }

    @Test
    void theSameSeedGivesTheSameImages(@TempDir Path a, @TempDir Path b) throws IOException {
        SyntheticImages.write(a, 50, 10, 3);
        SyntheticImages.write(b, 50, 10, 3);
        assertThat(FashionMnist.train(a).images().pixels()).isEqualTo(FashionMnist.train(b).images().pixels());
        assertThat(FashionMnist.test(a).labels()).isEqualTo(FashionMnist.test(b).labels());
    }
}
