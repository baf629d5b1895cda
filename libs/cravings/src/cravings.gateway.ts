import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { SocketErrorReply } from '@homegroup/contracts';
import { socketErrorReply, validateSocketPayload } from '@homegroup/operations';
import type { RealtimeSocket } from '@homegroup/realtime';
import { CravingsService } from './cravings.service';
import { CreateCravingDto } from './dto/create-craving.dto';
import type { CravingAsRecipientResponseDto, CravingResponseDto } from './dto/craving.response.dto';
import { SocketAcknowledgeDto } from './dto/socket-acknowledge.dto';

/** `craving.create` and `craving.acknowledge` over the socket: validate, call the service, reply in the ack. */
@WebSocketGateway({ path: '/socket.io', transports: ['websocket'] })
export class CravingsGateway {
  private readonly logger = new Logger('CravingsGateway');

  constructor(private readonly cravings: CravingsService) {}

  @SubscribeMessage('craving.create')
  async create(
    @ConnectedSocket() socket: RealtimeSocket,
    @MessageBody() payload: unknown,
  ): Promise<CravingResponseDto | SocketErrorReply> {
    try {
      const dto = await validateSocketPayload(CreateCravingDto, payload);
      return (await this.cravings.create(socket.data.userId, dto)).body;
    } catch (error) {
      return socketErrorReply(error, this.logger, 'craving.create');
    }
  }

  @SubscribeMessage('craving.acknowledge')
  async acknowledge(
    @ConnectedSocket() socket: RealtimeSocket,
    @MessageBody() payload: unknown,
  ): Promise<CravingAsRecipientResponseDto | SocketErrorReply> {
    try {
      const dto = await validateSocketPayload(SocketAcknowledgeDto, payload);
      return await this.cravings.acknowledge(socket.data.userId, dto.cravingId, dto.message);
    } catch (error) {
      return socketErrorReply(error, this.logger, 'craving.acknowledge');
    }
  }
}
