/** Event builders shaped like what AWS delivers, with only the fields that matter to a test set. */

export interface NotificationRecordOptions {
  readonly bucket?: string;
  /** As it appears in the notification: URL-encoded by the caller. */
  readonly key?: string;
  readonly eventName?: string;
  readonly versionId?: string;
  readonly eTag?: string;
  readonly sequencer?: string;
}

export function notificationRecord(options: NotificationRecordOptions = {}): Record<string, unknown> {
  const {
    bucket = 'uploads',
    key = 'incoming/report.csv',
    eventName = 'ObjectCreated:Put',
    versionId,
    eTag = 'd41d8cd98f00b204e9800998ecf8427e',
    sequencer = '0062E99A88DC407460',
  } = options;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: '2024-05-01T12:00:00.000Z',
    eventName,
    userIdentity: { principalId: 'AWS:EXAMPLE' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'EXAMPLE', 'x-amz-id-2': 'EXAMPLE/abc' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'sizegate',
      bucket: { name: bucket, ownerIdentity: { principalId: 'EXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
      object: { key, size: 2_500_000, eTag, ...(versionId === undefined ? {} : { versionId }), sequencer },
    },
  };
}

export function notification(...records: Record<string, unknown>[]): { Records: Record<string, unknown>[] } {
  return { Records: records };
}

export interface EventBridgeOptions {
  readonly bucket?: string;
  /** As it appears in the event: EventBridge does not URL-encode keys. */
  readonly key?: string;
  readonly detailType?: string;
  readonly versionId?: string;
  readonly etag?: string;
  readonly sequencer?: string;
}

export function eventBridgeEvent(options: EventBridgeOptions = {}): Record<string, unknown> {
  const {
    bucket = 'uploads',
    key = 'incoming/report.csv',
    detailType = 'Object Created',
    versionId,
    etag = 'b1946ac92492d2347c6235b4d2611184',
    sequencer = '617f08299329d189',
  } = options;
  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': detailType,
    source: 'aws.s3',
    account: '111122223333',
    time: '2024-05-01T12:00:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key, size: 5, etag, ...(versionId === undefined ? {} : { 'version-id': versionId }), sequencer },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '111122223333',
      'source-ip-address': '1.2.3.4',
      reason: 'PutObject',
    },
  };
}

export const TEST_EVENT = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2024-05-01T12:00:00.000Z',
  Bucket: 'uploads',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
};
