package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.AuthService;
import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.store.InstanceProfile;
import io.dbxcp.emulator.store.Workspace;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Instance profiles registered in a workspace (admins only); one registration per ARN. */
public final class InstanceProfilesService {
  static final Pattern PROFILE_ARN = Pattern.compile("^arn:aws(-[a-z]+)*:iam::\\d{12}:instance-profile/[\\w+=,.@/-]+$");
  static final Pattern ROLE_ARN = Pattern.compile("^arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]+$");

  public void add(Caller caller, Body b) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    String arn = b.required("instance_profile_arn");
    if (!PROFILE_ARN.matcher(arn).matches()) {
      throw ApiException.invalidParameter("Invalid instance profile ARN: " + arn);
    }
    if (w.data.instanceProfiles.containsKey(arn)) {
      throw ApiException.alreadyExists("Instance profile with ARN " + arn + " already exists.");
    }
    InstanceProfile p = new InstanceProfile();
    p.instanceProfileArn = arn;
    fill(p, b);
    w.data.instanceProfiles.put(arn, p);
  }

  public void edit(Caller caller, Body b) {
    AuthService.requireWorkspaceAdmin(caller);
    fill(profile(caller.workspace(), b.required("instance_profile_arn")), b);
  }

  private static void fill(InstanceProfile p, Body b) {
    String role = b.string("iam_role_arn");
    if (role != null && !ROLE_ARN.matcher(role).matches()) {
      throw ApiException.invalidParameter("Invalid IAM role ARN: " + role);
    }
    p.iamRoleArn = role;
    p.isMetaInstanceProfile = b.bool("is_meta_instance_profile");
  }

  public Map<String, Object> list(Caller caller) {
    return Map.of("instance_profiles", List.copyOf(caller.workspace().data.instanceProfiles.values()));
  }

  public void remove(Caller caller, Body b) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    w.data.instanceProfiles.remove(profile(w, b.required("instance_profile_arn")).instanceProfileArn);
  }

  /** Whether an instance profile ARN is registered (clusters may only use registered ones). */
  public static boolean registered(Workspace w, String arn) {
    return w.data.instanceProfiles.containsKey(arn);
  }

  private static InstanceProfile profile(Workspace w, String arn) {
    InstanceProfile p = w.data.instanceProfiles.get(arn);
    if (p == null) {
      throw ApiException.doesNotExist("Instance profile with ARN " + arn + " does not exist.");
    }
    return p;
  }
}
