/** The name every log line, trace and metric carries, and the CloudWatch namespace of the programme's metrics. */
export const serviceName = 'commissioner-workflows';
export const metricsNamespace = 'CommissionerWorkflows';
