#include "plugins/weddings/repo/invitation_repo.hpp"

namespace atrium::plugins::weddings::invitation_repo {

void insert(const sdk::Db& db, const Invitation& i) {
  db.query("weddings.insert_invitation",
           "INSERT INTO wedding_invitations (id, wedding_id, owner_id, content, meta, language, "
           "ai_generated, created_at) VALUES (:id, :wedding_id, :owner_id, :content, :meta, "
           ":language, :ai_generated, :created_at)",
           {{"id", i.id},
            {"wedding_id", i.wedding_id},
            {"owner_id", i.owner_id},
            {"content", i.content},
            {"meta", i.meta.dump()},
            {"language", i.language},
            {"ai_generated", i.ai_generated ? 1 : 0},
            {"created_at", i.created_at}});
}

}  // namespace atrium::plugins::weddings::invitation_repo
