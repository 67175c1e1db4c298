import middy from '@middy/core';
import { observed } from '#shared/observability/logger.ts';
import { publishOverdueTaskCount } from '#shared/tasks/overdueTasks.ts';

/**
 * Step Functions task, the daily reminder workflow's last: publishes how many tasks are open
 * past their deadline (the operators' alarm watches it).
 */
export const handler = middy<unknown, { overdueTasks: number }>()
  .use(observed())
  .handler(() => publishOverdueTaskCount());
