// Runs in a temp project where the @sizegate packages were installed from their tarballs with npm.
// Uses @sizegate/sfn-local alone, as its README shows a test suite doing it: startSfnLocal with a
// tiny definition and a handler, then a real SDK client starts an execution and waits for it.
// Prints its observations as one JSON line; the test (apps/pack-test/tests) judges them.
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startSfnLocal } from '@sizegate/sfn-local';

const definition = {
  StartAt: 'Double',
  States: {
    Double: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'double', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
};
const sfnLocal = await startSfnLocal({ port: 0, definition, functions: { Double: async (event) => ({ doubled: event.value * 2 }) } });
const sfn = new SFNClient({
  endpoint: sfnLocal.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
try {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: sfnLocal.stateMachineArn, input: JSON.stringify({ value: 21 }) }),
  );
  let execution;
  for (let round = 0; round < 200; round++) {
    execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  console.log(
    JSON.stringify({
      endpoint: sfnLocal.endpoint,
      stateMachineArn: sfnLocal.stateMachineArn,
      status: execution.status,
      output: JSON.parse(execution.output ?? 'null'),
    }),
  );
} finally {
  sfn.destroy();
  await sfnLocal.close();
}
