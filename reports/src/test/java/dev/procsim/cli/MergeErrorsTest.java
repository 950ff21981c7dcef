package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.cli.CliTest.Out;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run --merge with shard folders that are missing or damaged: what is wrong, with which one, and what to do. */
class MergeErrorsTest {
    @TempDir
    Path dir;
    Path experiment;
    Path s1, s2;

    @BeforeEach
    void shards() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "name,arrival,burst\nP1,0,5\nP2,1,3\nP3,2,4\n");
        experiment = Files.writeString(dir.resolve("x.yaml"), "name: x\ncosts: none\nreplications: 4\nworkload: {tasks: {file: t.csv}}\n");
        s1 = dir.resolve("s1");
        s2 = dir.resolve("s2");
        for (String k : new String[] {"1", "2"}) {
            Out o = CliTest.run("run", experiment.toString(), "--shard", k + "/2", "--out", dir.resolve("s" + k).toString(), "--quiet");
            assertThat(o.status()).as(o.err()).isZero();
        }
    }

    Out merge(Path... shards) {
        return CliTest.run("run", experiment.toString(), "--merge", String.join(",", Arrays.stream(shards).map(Path::toString).toList()),
                "--out", dir.resolve("merged").toString(), "--quiet");
    }

    static String oneLine(Out o) {
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.err().strip().lines()).as(o.err()).hasSize(1);
        assertThat(o.err()).doesNotContain("Exception", "\tat ", "internal error");
        return o.err().strip();
    }

    @Test
    void theShardsMerge() {
        Out o = merge(s1, s2);
        assertThat(o.status()).as(o.err()).isZero();
    }

    @Test
    void aMissingShardFolderIsSaidNotToExist() {
        Path none = dir.resolve("nosuch");
        String line = oneLine(merge(s1, none));
        assertThat(line).contains(none + ": does not exist").doesNotContain("not a procsim result");
        assertThat(dir.resolve("merged")).doesNotExist();
    }

    @Test
    void aFileGivenAsAShardIsSaidToBeAFile() throws IOException {
        Path f = Files.writeString(dir.resolve("afile"), "x");
        assertThat(oneLine(merge(s1, f))).contains(f + ": is a file, not a folder");
    }

    @Test
    void aTruncatedRunsDatNamesTheFileAndSaysWhatToDo() throws IOException {
        Path data = s1.resolve("runs.dat");
        byte[] b = Files.readAllBytes(data);
        Files.write(data, Arrays.copyOf(b, b.length / 2));
        String line = oneLine(merge(s1, s2));
        assertThat(line).contains(data.toString(), "damaged (truncated or corrupt)", "cannot be merged", "--shard 1/2", "--out " + s1)
                .doesNotContain("ZLIB", "Unexpected", "EOF");
        assertThat(dir.resolve("merged")).doesNotExist();
    }

    @Test
    void aCorruptRunsDatIsDamagedToo() throws IOException {
        Path data = s2.resolve("runs.dat");
        byte[] b = Files.readAllBytes(data);
        for (int i = 20; i < b.length - 8; i += 7) b[i] ^= 0x5A; // past the gzip header: the deflate stream and its checksum
        Files.write(data, b);
        assertThat(oneLine(merge(s1, s2))).contains(data.toString(), "damaged (truncated or corrupt)", "cannot be merged");
        Files.writeString(data, "not even gzip");
        assertThat(oneLine(merge(s1, s2))).contains(data.toString(), "damaged (truncated or corrupt)", "cannot be merged");
    }

    @Test
    void aDamagedRunsDatWithAnIntactHeaderSaysWhichShardToRunAgain() throws IOException {
        // decompress, cut the data after its header (magic, version, shard, shards, partial, count), recompress
        Path data = s2.resolve("runs.dat");
        byte[] raw;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(data))) {
            raw = in.readAllBytes();
        }
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(data))) {
            out.write(raw, 0, raw.length - 40);
        }
        String line = oneLine(merge(s1, s2));
        assertThat(line).contains(data.toString(), "damaged (truncated or corrupt)", "shard 2/2", "--shard 2/2", "--out " + s2);
    }
}
