//! The school leader's posts read from the staff table's free-text «должность»: a head
//! (директор) or a deputy head (заместитель директора); any other post leads no school.

use crate::text::normalize;

/// A post that leads a school, as the network of mentors supports new leaders in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Post {
    /// The head of the school (директор, заведующий).
    Head,
    /// A deputy head (заместитель директора, завуч).
    Deputy,
}

/// Words of a deputy's post: checked first, as «заместитель директора» names the head too.
const DEPUTY: &[&str] = &["заместител", "зам", "завуч", "deputy"];
/// Words of the head's post.
const HEAD: &[&str] = &[
    "директор",
    "заведующ",
    "руководительоо",
    "head",
    "principal",
    "director",
];

impl Post {
    /// Every post, in display order.
    pub const ALL: [Post; 2] = [Post::Head, Post::Deputy];

    /// The leader's post a «должность» cell names, if any: a deputy when it begins with
    /// «заместитель», «зам», «завуч» or «deputy»; otherwise the head when it begins with
    /// «директор», «заведующий», «руководитель ОО», «head», «principal» or «director». Case,
    /// spaces and punctuation are ignored; «учитель», «педагог-психолог» and the like lead no school.
    pub fn of_role(role: &str) -> Option<Post> {
        let key = normalize(role);
        let starts = |words: &[&str]| words.iter().any(|w| key.starts_with(w));
        if starts(DEPUTY) {
            Some(Post::Deputy)
        } else if starts(HEAD) {
            Some(Post::Head)
        } else {
            None
        }
    }

    /// The post's code, as results.json writes it.
    pub fn code(self) -> &'static str {
        match self {
            Post::Head => "head",
            Post::Deputy => "deputy",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_deputies_are_told_apart() {
        for role in [
            "директор",
            "Директор школы",
            "заведующий",
            "Principal",
            "head teacher",
        ] {
            assert_eq!(Post::of_role(role), Some(Post::Head), "{role}");
        }
        for role in [
            "заместитель директора",
            "Заместитель директора по УВР",
            "зам. директора",
            "завуч",
            "Deputy head",
        ] {
            assert_eq!(Post::of_role(role), Some(Post::Deputy), "{role}");
        }
    }

    #[test]
    fn other_posts_lead_no_school() {
        for role in [
            "учитель",
            "педагог-психолог",
            "учитель-логопед",
            "teacher",
            "",
            "—",
        ] {
            assert_eq!(Post::of_role(role), None, "{role}");
        }
    }
}
