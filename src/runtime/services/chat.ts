import { ChatService } from '../chat/chat-service';
import { containerSingleton } from '../context';
import { driver, forgetOnFailure } from './neo4j';

/** The chat domain on the container's driver (a module of its own: the migrate bundle needs only the driver). */
export const chat: () => Promise<ChatService> = containerSingleton((forget) =>
  forgetOnFailure(
    driver().then((opened) => new ChatService(opened)),
    forget,
  ),
);
