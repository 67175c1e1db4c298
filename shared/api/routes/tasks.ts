import { pageQuery, pageRefusals, type RouteSpec, signedIn } from '#shared/api/routeSpec.ts';

export const taskRoutes = [
  {
    method: 'GET',
    path: '/tasks',
    handler: 'listTasks',
    response: 'TaskView',
    summary: "A page of the caller's pending human tasks, oldest first (the bureau: every open task)",
    access: 'signed-in',
    paged: true,
    query: pageQuery(),
    responses: { 200: 'A page of open tasks with their age and assignee', ...pageRefusals, ...signedIn },
  },
  {
    method: 'GET',
    path: '/tasks/{id}',
    handler: 'getTask',
    response: 'TaskResponse',
    summary: 'One task',
    access: 'signed-in',
    responses: { 200: 'The task', ...signedIn, 404: 'No such task' },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/complete',
    handler: 'completeTask',
    response: 'TaskResponse',
    summary: 'Complete a human step with a decision and, where required, a reason',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/tasks/schema.ts')).completeTaskSchema,
    responses: {
      200: 'Completed; the workflow moves on',
      400: 'Invalid decision or missing reason',
      ...signedIn,
      404: 'No such task',
      409: 'Already completed, or its deadline just passed',
    },
  },
] as const satisfies readonly RouteSpec[];
