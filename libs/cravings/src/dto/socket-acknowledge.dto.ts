import { IsUUID } from 'class-validator';
import { AcknowledgeCravingDto } from './acknowledge-craving.dto';

/** `craving.acknowledge` over the socket: the alert's id travels in the payload. */
export class SocketAcknowledgeDto extends AcknowledgeCravingDto {
  @IsUUID('all', { message: 'cravingId must be the cravingId of a craving.alert you received' })
  cravingId: string;
}
