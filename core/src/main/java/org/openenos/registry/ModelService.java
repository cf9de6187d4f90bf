package org.openenos.registry;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.Principal;
import org.openenos.model.ThingAttribute;
import org.openenos.model.ThingEvent;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;
import org.openenos.model.ThingService;
import org.openenos.model.validation.InvalidModelException;
import org.openenos.model.validation.ModelValidator;

/**
 * Thing models: create, update, delete and read, with inheritance through {@code modelIdPath}. A model that names a
 * parent inherits the parent's elements; reads return the merged model so that devices see one flat model.
 */
public final class ModelService {
    private final ThingModelStore models;
    private final ProductStore products;
    private final AuditLog audit;
    private final Clock clock;

    public ModelService(ThingModelStore models, ProductStore products, AuditLog audit, Clock clock) {
        this.models = models;
        this.products = products;
        this.audit = audit;
        this.clock = clock;
    }

    public ThingModel create(Principal actor, String orgId, ThingModel input) {
        ThingModel model = normalize(orgId, input);
        validate(model);
        if (models.find(orgId, model.modelId()).isPresent()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "modelId: '" + model.modelId() + "' exists already");
        }
        checkParent(orgId, model);
        models.insert(model);
        record(actor, orgId, "model.create", model.modelId());
        return resolved(orgId, model.modelId()).orElseThrow();
    }

    public ThingModel update(Principal actor, String orgId, ThingModel input) {
        ThingModel existing = owned(orgId, input.modelId());
        ThingModel model = normalize(orgId, input);
        if (!model.modelIdPath().equals(existing.modelIdPath())) {
            throw OpenEnosException.badArgument("modelIdPath: cannot change the parent of an existing model");
        }
        validate(model);
        checkParent(orgId, model);
        models.update(model);
        record(actor, orgId, "model.update", model.modelId());
        return resolved(orgId, model.modelId()).orElseThrow();
    }

    public void delete(Principal actor, String orgId, String modelId) {
        owned(orgId, modelId);
        if (products.isModelUsed(orgId, modelId)) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "model " + modelId + " is used by a product");
        }
        if (models.hasChildren(orgId, modelId)) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "model " + modelId + " has models inheriting from it");
        }
        models.delete(orgId, modelId);
        record(actor, orgId, "model.delete", modelId);
    }

    public ThingModel get(String orgId, String modelId) {
        return resolved(orgId, modelId).orElseThrow(() -> OpenEnosException.notFound(ErrorCode.MODEL_NOT_FOUND,
                "model " + modelId));
    }

    /** The model with its ancestors' elements merged in (own elements win). */
    public Optional<ThingModel> resolved(String orgId, String modelId) {
        Optional<ThingModel> own = models.find(orgId, modelId);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        ThingModel model = own.get();
        String parentId = model.parentModelId();
        if (parentId == null || parentId.equals(modelId)) {
            return own;
        }
        return resolved(orgId, parentId).map(parent -> merge(parent, model)).or(() -> own);
    }

    public List<ThingModel> search(String orgId) {
        return models.listVisible(orgId).stream()
                .map(m -> resolved(orgId, m.modelId()).orElse(m))
                .toList();
    }

    private ThingModel owned(String orgId, String modelId) {
        ThingModel m = models.find(orgId, modelId).orElseThrow(() ->
                OpenEnosException.notFound(ErrorCode.MODEL_NOT_FOUND, "model " + modelId));
        if (m.isPublic()) {
            throw OpenEnosException.forbidden("model " + modelId + " is public and read-only");
        }
        return m;
    }

    private void checkParent(String orgId, ThingModel model) {
        String parentId = model.parentModelId();
        if (parentId != null && models.find(orgId, parentId).isEmpty()) {
            throw OpenEnosException.badArgument("modelIdPath: parent model '" + parentId + "' does not exist");
        }
        if (parentId != null) {
            validate(merge(resolved(orgId, parentId).orElseThrow(), model));
        }
    }

    private static void validate(ThingModel model) {
        try {
            ModelValidator.validate(model);
        } catch (InvalidModelException e) {
            throw new OpenEnosException(ErrorCode.MODEL_INVALID, "invalid thing model: " + e.getMessage());
        }
    }

    /** Fills element identifiers from their keys and binds the model to the org. */
    static ThingModel normalize(String orgId, ThingModel m) {
        return new ThingModel(m.modelId(), m.modelIdPath(), orgId, m.name(), m.desc(), m.tags(),
                fill(m.attributes(), (k, a) -> a.identifier() != null ? a : new ThingAttribute(k, a.name(), a.desc(),
                        a.tags(), a.dataType(), a.dataDefinition(), a.isRequired(), a.defaultValue(), a.unit(),
                        a.isStdElement(), a.stdElementId())),
                fill(m.measurepoints(), (k, p) -> p.identifier() != null ? p : new ThingMeasurepoint(k, p.name(),
                        p.desc(), p.tags(), p.dataType(), p.dataDefinition(), p.hasQuality(), p.signalType(),
                        p.unit())),
                fill(m.services(), (k, s) -> s.identifier() != null ? s : new ThingService(k, s.name(), s.desc(),
                        s.tags(), s.inputData(), s.outputData(), s.callType())),
                fill(m.events(), (k, e) -> e.identifier() != null ? e : new ThingEvent(k, e.name(), e.desc(),
                        e.tags(), e.outputData(), e.eventType())));
    }

    private static <V> Map<String, V> fill(Map<String, V> map, BiFunction<String, V, V> f) {
        Map<String, V> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v == null) {
                throw OpenEnosException.badArgument(k + ": must be an object");
            }
            out.put(k, f.apply(k, v));
        });
        return out;
    }

    private static ThingModel merge(ThingModel parent, ThingModel child) {
        return new ThingModel(child.modelId(), child.modelIdPath(), child.orgId(), child.name(), child.desc(),
                child.tags(), union(parent.attributes(), child.attributes()),
                union(parent.measurepoints(), child.measurepoints()), union(parent.services(), child.services()),
                union(parent.events(), child.events()));
    }

    private static <V> Map<String, V> union(Map<String, V> parent, Map<String, V> child) {
        Map<String, V> out = new LinkedHashMap<>(parent);
        out.putAll(child);
        return out;
    }

    private void record(Principal actor, String orgId, String action, String target) {
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, action, target, ""));
    }
}
