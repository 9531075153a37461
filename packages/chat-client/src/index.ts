// The customer-service chat client shared by the shop and the back office: the socket with
// reconnect and resend, and the message-list helpers.
export * from './chat-socket.ts';
export * from './chat-messages.ts';
export * from './chat-view.ts';
