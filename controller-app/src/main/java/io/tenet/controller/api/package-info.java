/**
 * What other modules may use of the controller: the model (validated immutable records with typed ids) and the
 * read-only {@link io.tenet.controller.api.ModelService} beside the mutating
 * {@link io.tenet.controller.api.ModelAdminService}.
 */
package io.tenet.controller.api;
