export type { PodSecurityLevel, PodSecurityViolation } from './types.js';
export type {
  ContainerLike,
  ContainerSecurityContextLike,
  HostHandlerLike,
  PodLike,
  PodMetadataLike,
  PodSecurityContextLike,
  PodSpecLike,
  ProfileLike,
  SeLinuxOptionsLike,
  SharedSecurityContextLike,
  VolumeLike,
} from './pod-shape.js';
export { evaluatePodSecurity } from './evaluate.js';
export { podTemplateOf } from './pod-template.js';
