/** Header values as Kafka clients hand them over (kafkajs: Buffer, or an array for a repeated header). */
export type KafkaHeaderValue = Buffer | string | readonly (Buffer | string)[] | undefined;

/** The parts of a Kafka record the codec reads; kafkajs' `KafkaMessage` fits. */
export interface KafkaMessageLike {
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: Readonly<Record<string, KafkaHeaderValue>>;
}

/** What the codec produces; kafkajs' `Message` accepts it as is. */
export interface EncodedKafkaMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}
