import type Member from '#members/member'
import { MEMBER_DATA_SOURCES } from '#privacy_requests/member_data'

/**
 * Erases a member: every registered data source erases its part, then the member row goes. What
 * stays is pseudonymous (the consent chain and request records, which name no one once the
 * member row is gone) and anonymous statistics.
 */
export default class ErasureService {
  async erase(member: Member): Promise<void> {
    // Each step is idempotent, so an erasure interrupted half way is finished by running it again.
    for (const source of MEMBER_DATA_SOURCES) await source.erase(member)
    await member.delete()
  }
}
