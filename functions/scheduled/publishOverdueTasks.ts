import middy from '@middy/core';
import { publishOverdueTaskCount } from '#shared/tasks/overdueTasks.ts';

/**
 * Step Functions task, the daily reminder workflow's last: publishes how many tasks are open
 * past their deadline (the operators' alarm watches it).
 */
export const handler = middy<unknown, { overdueTasks: number }>().handler(() => publishOverdueTaskCount());
