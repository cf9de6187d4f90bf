package org.openenos.alerting;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openenos.error.OpenEnosException;
import org.openenos.model.ThingDatapoint;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;
import org.openenos.model.ThingService;

/** Checks a rule's {@code actions} and names the field to fix: {@code actions[1].url: …}. */
final class ActionValidator {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int MAX_ACTIONS = 20;

    private final Set<String> supported;

    ActionValidator(Set<String> supported) {
        this.supported = Set.copyOf(supported);
    }

    void validate(AlertRule rule, ThingModel model) {
        if (rule.actions().size() > MAX_ACTIONS) {
            throw bad("actions: at most " + MAX_ACTIONS + " actions per rule");
        }
        for (int i = 0; i < rule.actions().size(); i++) {
            check("actions[" + i + "].", rule.actions().get(i), model);
        }
    }

    private void check(String at, AlertAction a, ThingModel model) {
        if (a == null) {
            throw bad(at.substring(0, at.length() - 1) + ": must not be null");
        }
        String type = a.type() == null ? "" : a.type();
        if (!Set.of(AlertAction.WEBHOOK, AlertAction.EMAIL, AlertAction.INVOKE_SERVICE, AlertAction.SET_MEASUREPOINT)
                .contains(type)) {
            throw bad(at + "type: one of webhook, email, invokeService, setMeasurepoint, not '" + type + "'");
        }
        if (!supported.contains(type)) {
            throw bad(at + "type: " + type + " is not configured on this server"
                    + (AlertAction.EMAIL.equals(type) ? " (set openenos.notifications.smtp.host)" : ""));
        }
        switch (type) {
            case AlertAction.WEBHOOK -> {
                if (a.url() == null || !(a.url().startsWith("http://") || a.url().startsWith("https://"))) {
                    throw bad(at + "url: an http:// or https:// URL is required");
                }
                try {
                    java.net.URI.create(a.url()).toURL();
                } catch (IllegalArgumentException | java.net.MalformedURLException e) {
                    throw bad(at + "url: not a valid URL");
                }
                if (a.secret() != null && a.secret().length() < 16) {
                    throw bad(at + "secret: at least 16 characters when set");
                }
            }
            case AlertAction.EMAIL -> {
                if (a.to().isEmpty()) {
                    throw bad(at + "to: at least one address is required");
                }
                for (String to : a.to()) {
                    if (to == null || !EMAIL.matcher(to).matches()) {
                        throw bad(at + "to: '" + to + "' is not an e-mail address");
                    }
                }
            }
            case AlertAction.INVOKE_SERVICE -> checkService(at, a, model);
            default -> checkSetPoint(at, a, model);
        }
        for (String change : a.on()) {
            if (!AlertAction.CHANGES.contains(change)) {
                throw bad(at + "on: one of raised, recovered, acknowledged, closed, not '" + change + "'");
            }
        }
        if (a.remindAfterSeconds() < 0 || a.remindAfterSeconds() > 604_800) {
            throw bad(at + "remindAfterSeconds: between 0 and 604800");
        }
        if (a.remindAfterSeconds() > 0 && a.isControl()) {
            throw bad(at + "remindAfterSeconds: only webhook and email actions repeat");
        }
        if (a.escalateAfterSeconds() < 0 || a.escalateAfterSeconds() > 604_800) {
            throw bad(at + "escalateAfterSeconds: between 0 and 604800");
        }
        if (a.escalateAfterSeconds() > 0 && (a.remindAfterSeconds() > 0 || !a.on().isEmpty())) {
            throw bad(at + "escalateAfterSeconds: an escalation runs from its timer only; drop 'on' and"
                    + " 'remindAfterSeconds'");
        }
    }

    private static void checkService(String at, AlertAction a, ThingModel model) {
        ThingService service = a.serviceId() == null ? null : model.services().get(a.serviceId());
        if (service == null) {
            throw bad(at + "serviceId: unknown service '" + a.serviceId() + "' (model " + model.modelId() + " has "
                    + names(model.services().keySet()) + ")");
        }
        Set<String> inputs = new TreeSet<>();
        service.inputData().stream().map(ThingDatapoint::identifier).forEach(inputs::add);
        for (String key : a.inputData().keySet()) {
            if (!inputs.contains(key)) {
                throw bad(at + "inputData: '" + key + "' is not an input of " + a.serviceId() + " (it has "
                        + names(inputs) + ")");
            }
        }
    }

    private static void checkSetPoint(String at, AlertAction a, ThingModel model) {
        ThingMeasurepoint point = a.measurepointId() == null ? null : model.measurepoints().get(a.measurepointId());
        if (point == null) {
            throw bad(at + "measurepointId: unknown point '" + a.measurepointId() + "' (model " + model.modelId()
                    + " has " + names(model.measurepoints().keySet()) + ")");
        }
        if (a.value() == null) {
            throw bad(at + "value: is required");
        }
    }

    private static String names(Set<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", new TreeSet<>(ids));
    }

    private static OpenEnosException bad(String message) {
        return OpenEnosException.badArgument(message);
    }
}
