/** CloudWatch namespace of the Neo4j instance's disk metrics (the CloudWatch agent writes them). */
export const NEO4J_DISK_METRICS_NAMESPACE = 'GroupChat/Neo4j';

/** CloudWatch namespace of the fan-out's delivery metrics (embedded metric format lines in its logs). */
export const DELIVERY_METRICS_NAMESPACE = 'GroupChat/Delivery';
