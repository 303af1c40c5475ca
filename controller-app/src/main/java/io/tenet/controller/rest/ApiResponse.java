package io.tenet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An HTTP status and a JSON body, independent of the server that carries it. */
public record ApiResponse(int status, JsonNode body) {
    public static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse error(int status, String field, String message) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("error", message);
        if (field != null) {
            o.put("field", field);
        } else {
            o.putNull("field");
        }
        return new ApiResponse(status, o);
    }
}
