export * from './runbook';
export * from './dr-restore-automation';
