package io.tenet.controller.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.runtime.ControllerSettings.InvalidSettingException;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.StoreProvider;
import io.tenet.controller.store.embedded.MvStore;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code store} setting: embedded, or a provider's scheme and target; what is wrong is named. */
class StoreSettingTest {
    @TempDir
    Path dir;

    private ControllerSettings settings(String store) {
        return new ControllerSettings(InetAddress.getLoopbackAddress(), 0, dir, store, Duration.ofSeconds(1));
    }

    @Test
    void theSchemeAndTargetAreWhatComesEitherSideOfTheFirstColon() {
        ControllerSettings s = settings("etcd:http://10.0.0.1:2379,http://10.0.0.2:2379");
        assertEquals("etcd", s.storeScheme());
        assertEquals("http://10.0.0.1:2379,http://10.0.0.2:2379", s.storeTarget());
        assertEquals("embedded", settings("embedded").storeScheme());
    }

    @Test
    void aStoreThatIsNeitherEmbeddedNorSchemeAndTargetIsRefusedByName() {
        String[] bads = {"", "etcd", "etcd:", "etcd:http://x:2379 ", "Etcd:x", "embedded:", "embedded:x"};
        for (String bad : bads) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> settings(bad), bad);
            assertEquals("store", e.key());
        }
    }

    @Test
    void theEmbeddedStoreOpensInTheDataDirectory() {
        try (ModelStore s = CoreModules.openStore(settings("embedded"), List.of())) {
            assertTrue(s instanceof MvStore);
            assertTrue(dir.resolve(MvStore.FILE_NAME).toFile().exists());
        }
    }

    @Test
    void aSchemeIsOpenedByItsProviderWithTheTarget() {
        MvStore opened = MvStore.inMemory();
        StoreProvider fake = provider("kv", target -> {
            assertEquals("a,b", target);
            return opened;
        });
        assertSame(opened, CoreModules.openStore(settings("kv:a,b"), List.of(provider("other", t -> null), fake)));
        opened.close();
    }

    @Test
    void aSchemeWithoutAProviderNamesTheFeatureToInstall() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CoreModules.openStore(settings("etcd:http://127.0.0.1:2379"), List.of()));
        assertEquals("store", e.key());
        assertTrue(e.getMessage().contains("tenet-store-etcd"), e.getMessage());
    }

    @Test
    void aTargetTheProviderRejectsIsAnInvalidStoreSetting() {
        StoreProvider picky = provider("kv", t -> {
            throw new IllegalArgumentException("members are host:port");
        });
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CoreModules.openStore(settings("kv:nonsense"), List.of(picky)));
        assertEquals("store", e.key());
        assertTrue(e.getMessage().contains("members are host:port"), e.getMessage());
    }

    private static StoreProvider provider(String scheme, java.util.function.Function<String, ModelStore> open) {
        return new StoreProvider() {
            @Override
            public String scheme() {
                return scheme;
            }

            @Override
            public ModelStore open(String target) {
                return open.apply(target);
            }
        };
    }
}
