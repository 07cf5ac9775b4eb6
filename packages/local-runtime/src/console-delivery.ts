import { maskEmails, type NoticeDelivery } from '#core';

/** Local delivery: each notice is printed, its address masked, and counts as sent. */
export function consoleDelivery(write: (line: string) => void = console.log): NoticeDelivery {
  return {
    async deliver(notice) {
      write(
        maskEmails(
          `notice ${notice.id} (${notice.kind}, ${notice.language}) to ${notice.to}: ${notice.subject}`,
        ),
      );
      return 'SENT';
    },
  };
}
