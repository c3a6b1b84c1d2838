export * from './ecs-deployment-safety';
