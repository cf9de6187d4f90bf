package org.openenos.server;

import org.openenos.timeseries.policy.StoragePolicies;
import org.openenos.timeseries.policy.StoragePolicyFile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Storage policy groups of the time-series store, kept in a file beside the store's data (ADR 0060). Models in no
 * group are in the default group, which stores every point and keeps it until a policy says otherwise.
 */
@Configuration(proxyBeanMethods = false)
public class TsdbPolicyConfiguration {

    @Bean
    StoragePolicies storagePolicies(OpenEnosProperties props) {
        return new StoragePolicies(new StoragePolicyFile(props.dataDir().resolve("timeseries")
                .resolve("storage-policies.tsv")), null);
    }
}
