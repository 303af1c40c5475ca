package io.tenet.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.tenet.controller.store.ModelStore.Write;
import java.nio.charset.StandardCharsets;

/**
 * Where the model lives in etcd, under one root ({@value #ROOT} for every controller of a cluster):
 * {@code <root>model/<collection>/<key>} holds each document (the key may itself hold slashes) and
 * {@code <root>model/_revision} the store's revision and {@code <root>model/_commit} the id of the commit that
 * wrote it; collection names never start with '_'.
 */
record Layout(String root) {
    static final String ROOT = "/tenet/";

    Layout {
        if (!root.startsWith("/") || !root.endsWith("/")) {
            throw new IllegalArgumentException("an etcd root starts and ends with '/': " + root);
        }
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    /** The first key of the model's range. */
    String model() {
        return root + "model/";
    }

    /** The key just past the model's range. */
    String modelEnd() {
        return root + "model" + (char) ('/' + 1);
    }

    String revisionKey() {
        return model() + "_revision";
    }

    /** The id of the last commit, written with the revision, so a writer can tell whether its commit took effect. */
    String commitKey() {
        return model() + "_commit";
    }

    String documentKey(Write w) {
        return model() + w.collection() + "/" + w.key();
    }

    /** One document's place. */
    record Document(String collection, String key) {
    }

    /** The document an etcd key names, or null when the key is not a document's (the revision, say). */
    Document document(String etcdKey) {
        if (!etcdKey.startsWith(model())) {
            return null;
        }
        String rest = etcdKey.substring(model().length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.startsWith("_")) {
            return null;
        }
        return new Document(rest.substring(0, slash), rest.substring(slash + 1));
    }
}
