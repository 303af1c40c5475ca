package io.tenet.controller.model;

import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelSchema;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The referential rules every collection gets from the {@link Reference references} its descriptor declares: a
 * record may only name records that exist; a delete takes its cascading referrers along and is refused while a
 * restricting referrer remains. Written once here, so no collection checks its references by hand.
 */
final class References {
    private final ModelSchema schema;

    References(ModelSchema schema) {
        this.schema = schema;
    }

    /** Refuses {@code record} of {@code c} if it names a record that {@code s} does not hold. */
    void checkTargets(ModelCollection<?, ?, ?> c, Object record, ModelSnapshot s) {
        for (Reference<?> r : c.references()) {
            for (Object target : SnapshotCodec.keysOf(r, record)) {
                if (!s.get(r.target()).containsKey(target)) {
                    throw new ValidationException(r.missing(), field(r, record), r.target().describe(target)
                            + " does not exist" + (r.missing() == Kind.NOT_FOUND ? "" : "; create it first"));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String field(Reference<?> r, Object record) {
        return ((Reference<Object>) r).field().apply(record);
    }

    /**
     * Removes {@code key} of {@code c} from {@code b}, with every record that names it through a cascading
     * reference (and theirs, in turn), as {@code s} holds them. Returns what it removed.
     */
    List<Removed> removeWithCascade(ModelSnapshot.Builder b, ModelSnapshot s, ModelCollection<?, ?, ?> c,
            Object key) {
        List<Removed> out = new ArrayList<>();
        remove(b, s, c, key, out);
        return out;
    }

    /** One record a delete removes. */
    record Removed(ModelCollection<?, ?, ?> collection, Object key) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void remove(ModelSnapshot.Builder b, ModelSnapshot s, ModelCollection<?, ?, ?> c, Object key,
            List<Removed> out) {
        b.remove((ModelCollection) c, key);
        out.add(new Removed(c, key));
        for (ModelSchema.Referrer referrer : schema.referrersOf(c)) {
            if (referrer.reference().onDelete() != Reference.OnDelete.CASCADE) {
                continue;
            }
            for (Object record : s.get(referrer.source()).values()) {
                if (SnapshotCodec.keysOf(referrer.reference(), record).contains(key)) {
                    remove(b, s, referrer.source(), SnapshotCodec.key(referrer.source(), record), out);
                }
            }
        }
    }

    /**
     * Refuses the delete if, in {@code after} (the model once the records are gone), a restricting reference
     * still names one of them; the error names the target's key field and one record in the way.
     */
    void checkNoneRestricts(List<Removed> removed, ModelSnapshot after) {
        for (Removed gone : removed) {
            int uses = schema.restrictingReferences(after, gone.collection(), gone.key());
            if (uses == 0) {
                continue;
            }
            String user = firstUser(gone, after);
            throw new ValidationException(Kind.CONFLICT, gone.collection().keyField(),
                    gone.collection().describe(gone.key()) + " is used by " + user
                            + (uses > 1 ? " and " + (uses - 1) + " more" : "") + "; delete or change them first");
        }
    }

    /** A record that names {@code target} through a restricting reference; scans, so only on the refusal path. */
    private String firstUser(Removed target, ModelSnapshot s) {
        for (ModelSchema.Referrer referrer : schema.referrersOf(target.collection())) {
            if (referrer.reference().onDelete() != Reference.OnDelete.RESTRICT) {
                continue;
            }
            for (Object record : s.get(referrer.source()).values()) {
                if (SnapshotCodec.keysOf(referrer.reference(), record).contains(target.key())) {
                    return referrer.source().describe(SnapshotCodec.key(referrer.source(), record));
                }
            }
        }
        throw new IllegalStateException("the reference counts of " + target.collection().describe(target.key())
                + " disagree with the records; this is a bug in the model");
    }
}
