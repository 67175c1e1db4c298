import { taskRoutes } from '#shared/api/routes/tasks.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';
import { stageApi } from '#shared/http/stageApi.ts';
import { completeTask, getTaskForCaller, listTasksForCaller } from '#shared/tasks/taskService.ts';

export const handler = stageApi(taskRoutes, {
  listTasks: async ({ caller, event }) => listTasksForCaller(caller, listRequestOf(event, {}).page),
  getTask: async ({ caller, path }) => ({ task: await getTaskForCaller(caller, path.id) }),
  completeTask: async ({ caller, path, body }) => {
    const { decision, reason, onBehalfOf } = body;
    return { task: await completeTask(caller, path.id, decision, reason, undefined, onBehalfOf) };
  },
});
