"""Strings of the Chat tab. Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "chat.intro": (
        "Chat with a small open model. It answers token by token; Stop ends it at once.",
        "작은 공개 모델과 대화해 보세요. 토큰 단위로 답하며, 정지를 누르면 바로 멈춥니다.",
    ),
    "chat.message": ("Message", "메시지"),
    "chat.placeholder": (
        "Type a message in English or Korean, then press Enter",
        "한국어나 영어로 메시지를 쓰고 Enter를 누르세요",
    ),
    "chat.send": ("Send", "보내기"),
    "chat.conversation": ("Conversation", "대화"),
    "chat.settings": ("Settings", "설정"),
    "chat.preset": ("Role", "역할"),
    "chat.system": ("System prompt", "시스템 프롬프트"),
    "chat.temperature": ("Temperature (0 = always the most likely word)", "온도 (0 = 항상 가장 그럴듯한 단어)"),
    "chat.top_p": ("Top-p", "Top-p"),
    "chat.max_new_tokens": ("Max new tokens", "최대 생성 토큰 수"),
    "chat.repetition_penalty": ("Repetition penalty", "반복 패널티"),
    "chat.hello": ("Say hello in Korean or English", "한국어나 영어로 말을 걸어 보세요"),
    "chat.preset.helpful": ("Helpful assistant", "친절한 도우미"),
    "chat.preset.tutor": ("Korean tutor", "한국어 선생님"),
    "chat.preset.partner": ("English conversation partner", "영어 회화 친구"),
    "chat.dropped": (
        "The conversation is longer than the model can read: it answered without the oldest {count} message(s). "
        "Start a new chat (🗑 New chat) to begin afresh.",
        "대화가 모델이 읽을 수 있는 길이보다 길어서 가장 오래된 메시지 {count}개를 빼고 답했습니다. "
        "처음부터 다시 하려면 🗑 새 대화를 누르세요.",
    ),
    # where each answer came from
    "chat.answered_by": ("Answered by: {where}", "답한 곳: {where}"),
    # Stop, a new conversation, the stopped mark, one language in the note, the answer's length
    "chat.stop": ("⏹ Stop", "⏹ 정지"),
    "chat.new": ("🗑 New chat", "🗑 새 대화"),
    "chat.stopped": ("Stopped", "정지됨"),
    "chat.this_machine": ("this machine", "이 컴퓨터"),
    "chat.max_new_tokens_info": (
        "At most what the chosen model can write in one answer",
        "고른 모델이 한 번에 쓸 수 있는 만큼까지",
    ),
    # Send and Stop in one spot, the message shown at once, past conversations, export
    "chat.writing": ("Writing the answer…", "답을 쓰는 중…"),
    "chat.still_writing": (
        "ℹ️ One answer at a time: nothing was sent while the last answer was being written. Try again now.",
        "ℹ️ 답은 한 번에 하나씩 씁니다. 앞의 답을 쓰는 동안에는 보내지 않았습니다. 지금 다시 해 보세요.",
    ),
    "chat.undo_new": ("↩ Undo", "↩ 되돌리기"),
    "chat.moved": (
        "🗂 The conversation moved to Past conversations (below). ↩ Undo brings it back.",
        "🗂 대화를 아래 '지난 대화'로 옮겼습니다. ↩ 되돌리기를 누르면 다시 가져옵니다.",
    ),
    "chat.past": ("🗂 Past conversations and export", "🗂 지난 대화와 내보내기"),
    "chat.past_list": ("Past conversations (in this browser)", "지난 대화 (이 브라우저에 저장)"),
    "chat.past_empty": (
        "None yet: 🗑 New chat keeps the current conversation here.",
        "아직 없습니다. 🗑 새 대화를 누르면 지금 대화가 여기에 보관됩니다.",
    ),
    "chat.past_open": ("📂 Open", "📂 열기"),
    "chat.past_delete": ("Delete", "삭제"),
    "chat.past_none": ("ℹ️ Choose a past conversation first.", "ℹ️ 먼저 지난 대화를 고르세요."),
    "chat.export": ("📥 Export this conversation (Markdown)", "📥 이 대화 내보내기 (마크다운)"),
    "chat.export_file": ("Conversation file", "대화 파일"),
    "chat.export_empty": ("ℹ️ There is nothing to export yet.", "ℹ️ 아직 내보낼 대화가 없습니다."),
    "chat.export_title": ("Conversation ({when})", "대화 ({when})"),
    "chat.export_model": ("Model", "모델"),
    "chat.export_role": ("Role (system prompt)", "역할 (시스템 프롬프트)"),
    "chat.export_user": ("🧑 You", "🧑 나"),
    "chat.export_assistant": ("🤖 Assistant", "🤖 어시스턴트"),
}
