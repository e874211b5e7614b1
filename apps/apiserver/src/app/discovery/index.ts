/** Discovery: aggregated (apidiscovery.k8s.io/v2, v2beta1) and legacy documents, from the catalog. */
export { discoveryRouter, type DiscoveryRouterOptions } from './router';
export { aggregatedDiscovery, aggregatedContentType, type APIGroupDiscoveryList, type DiscoveryVersion } from './aggregated';
export { apiVersions, apiGroupList, apiGroup, apiResourceList } from './legacy';
export { catalogGroups, storageVersionHash, type GroupView } from './catalog-view';
export { wantsAggregated, parseAccept } from './negotiate';
