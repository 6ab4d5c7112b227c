import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHandler as createCheckSize } from '@sizegate/check-size';
import { createHandler as createProcessFile } from '@sizegate/process-file';
import { buildDefinition } from '@sizegate/state-machine';
import { STATE_NAMES } from '@sizegate/types';
import { StateMachine } from 'aws-local-stepfunctions';
import { quietLogger, s3Client, sfnClient } from '../clients.js';
import type { Suite } from '../context.js';
import { ratioAtLeast, row, type Figure } from '../report.js';
import { median } from '../stats.js';
import { executionsPerSecond, throughput } from '../workload.js';

const LEVELS = [
  { concurrency: 1, total: 100 },
  { concurrency: 10, total: 400 },
  { concurrency: 50, total: 1000 },
  { concurrency: 200, total: 1000 },
];

/**
 * Executions per second through the SFN endpoint of `sizegate-local serve` (StartExecution calls,
 * `concurrency` at a time, until every execution closed), against the same definition and the
 * same check-size core run on aws-local-stepfunctions in the bench process (`concurrency` runs in
 * flight), with no HTTP in front of the engine.
 */
export const executionsSuite: Suite = async ({ serve, s3, dataBucket, quick, log }) => {
  const key = 'bench/executions.csv';
  await s3.send(new PutObjectCommand({ Bucket: dataBucket, Key: key, Body: 'a,b\n1,2\n' }));
  const input = { bucket: dataBucket, key, versionId: null };
  const sfn = sfnClient(serve.endpoint);
  const handlerS3 = s3Client(serve.endpoint);
  const checkSize = createCheckSize({ s3: handlerS3, logger: quietLogger });
  const processFile = createProcessFile({ s3: handlerS3, logger: quietLogger });
  const machine = new StateMachine(
    buildDefinition({
      checkSizeFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:check-size',
      processFileFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:process-file',
    }) as never,
  );
  const overrides = {
    taskResourceLocalHandlers: {
      [STATE_NAMES.checkFileSize]: async (event: { Payload: never }) => ({ Payload: await checkSize(event.Payload) }),
      [STATE_NAMES.processFile]: async (event: { Payload: never }) => ({ Payload: await processFile(event.Payload) }),
    },
  };
  const inEngine = async () => {
    await machine.run(input as never, { overrides: overrides as never }).result;
  };
  let round = 0;
  const throughEndpoint = (total: number, concurrency: number) => {
    const prefix = `bench-${round++}`;
    return executionsPerSecond(sfn, serve.stateMachineArn, total, concurrency, (index) => `${prefix}-${index}`, input);
  };

  const figures: Figure[] = [];
  for (const { concurrency, total: fullTotal } of LEVELS) {
    const total = quick ? Math.ceil(fullTotal / 5) : fullTotal;
    const rounds = quick || concurrency !== 50 ? 1 : 3;
    log(`Executions: ${total} at ${concurrency} concurrent, ${rounds} paired round(s)`);
    const endpointRates: number[] = [];
    const engineRates: number[] = [];
    for (let pair = 0; pair < rounds; pair++) {
      endpointRates.push(await throughEndpoint(total, concurrency));
      engineRates.push(await throughput(total, concurrency, inEngine));
    }
    figures.push({
      row: row(`Executions/s, ${concurrency} concurrent (${total})`, median(endpointRates), 'exec/s', {
        name: 'aws-local-stepfunctions in process',
        value: median(engineRates),
      }),
      target: concurrency === 50 ? ratioAtLeast(0.5) : undefined,
    });
  }
  sfn.destroy();
  handlerS3.destroy();
  return figures;
};
