export * from './ecs-deployment-safety';
export * from './lambda-deployment-safety';
