// Minimal structural types for the parts of a Pod that the Pod Security Standards look at.
// Field names follow the Kubernetes API; everything else of a Pod is simply not modelled.

export interface PodLike {
  readonly metadata?: PodMetadataLike;
  readonly spec: PodSpecLike;
}

export interface PodMetadataLike {
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PodSpecLike {
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  /** `false` runs the pod in a user namespace, which relaxes some checks (KEP-127). */
  readonly hostUsers?: boolean;
  readonly os?: { readonly name?: string };
  readonly securityContext?: PodSecurityContextLike;
  readonly initContainers?: readonly ContainerLike[];
  readonly containers?: readonly ContainerLike[];
  readonly ephemeralContainers?: readonly ContainerLike[];
  readonly volumes?: readonly VolumeLike[];
}

/** Fields that exist both on the pod's and on a container's securityContext. */
export interface SharedSecurityContextLike {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly seccompProfile?: ProfileLike;
  readonly appArmorProfile?: ProfileLike;
  readonly seLinuxOptions?: SeLinuxOptionsLike;
  readonly windowsOptions?: { readonly hostProcess?: boolean };
}

export interface PodSecurityContextLike extends SharedSecurityContextLike {
  readonly sysctls?: readonly { readonly name?: string }[];
}

export interface ContainerSecurityContextLike extends SharedSecurityContextLike {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly procMount?: string;
}

/** A seccomp or AppArmor profile: `type` is RuntimeDefault, Localhost or Unconfined. */
export interface ProfileLike {
  readonly type?: string;
}

export interface SeLinuxOptionsLike {
  readonly user?: string;
  readonly role?: string;
  readonly type?: string;
}

export interface ContainerLike {
  readonly name?: string;
  readonly ports?: readonly { readonly hostPort?: number }[];
  readonly securityContext?: ContainerSecurityContextLike;
  readonly livenessProbe?: HostHandlerLike;
  readonly readinessProbe?: HostHandlerLike;
  readonly startupProbe?: HostHandlerLike;
  readonly lifecycle?: { readonly postStart?: HostHandlerLike; readonly preStop?: HostHandlerLike };
}

/** The part of a probe or lifecycle hook that can point at another host. */
export interface HostHandlerLike {
  readonly httpGet?: { readonly host?: string };
  readonly tcpSocket?: { readonly host?: string };
}

/** A volume: its name plus exactly one source key (hostPath, emptyDir, nfs, ...). */
export type VolumeLike = { readonly name?: string } & Readonly<Record<string, unknown>>;
