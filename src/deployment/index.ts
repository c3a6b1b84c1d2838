export * from './ecs-deployment-safety';
export * from './lambda-deployment-safety';
export * from './auto-scaling-group-deployment-safety';
