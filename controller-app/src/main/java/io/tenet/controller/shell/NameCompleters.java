package io.tenet.controller.shell;

import io.tenet.controller.api.ModelService;
import io.tenet.controller.collections.ModelCollections;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Tab completion of collection, tenant, network and node names from the current model. */
public final class NameCompleters {
    private NameCompleters() {
    }

    @Service
    public static class Tenants implements Completer {
        @Reference
        ModelService model;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return new StringsCompleter(model.snapshot().get(ModelCollections.TENANTS).keySet()).complete(session, line,
                    candidates);
        }
    }

    @Service
    public static class Networks implements Completer {
        @Reference
        ModelService model;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return new StringsCompleter(model.snapshot().get(ModelCollections.NETWORKS).keySet().stream()
                    .map(Object::toString).toList())
                    .complete(session, line, candidates);
        }
    }

    @Service
    public static class Nodes implements Completer {
        @Reference
        ModelService model;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return new StringsCompleter(model.snapshot().get(ModelCollections.NODES).keySet()).complete(session, line,
                    candidates);
        }
    }

    @Service
    public static class Endpoints implements Completer {
        @Reference
        ModelService model;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return new StringsCompleter(model.snapshot().get(ModelCollections.ENDPOINTS).keySet()).complete(session,
                    line, candidates);
        }
    }

    @Service
    public static class Collections implements Completer {
        @Reference
        ModelService model;

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return new StringsCompleter(model.schema().collections().stream().map(c -> c.name()).toList())
                    .complete(session, line, candidates);
        }
    }
}
