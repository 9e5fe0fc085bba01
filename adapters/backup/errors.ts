/** A backup or restore refused or failed for a reason the operator can fix; the message says how. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}
